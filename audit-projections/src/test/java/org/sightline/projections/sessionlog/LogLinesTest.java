package org.sightline.projections.sessionlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.RepId;
import org.sightline.contracts.catalogue.EventType;
import org.sightline.contracts.configuration.ConfigurationChanged;
import org.sightline.contracts.session.Author;
import org.sightline.contracts.session.ChatMessagePosted;
import org.sightline.contracts.session.ControlTakenBack;

class LogLinesTest {

    private static final Lsid LSID = Lsid.parse("abcdefabcdefabcdefabcdefabcdefab");

    @Test
    void everyEventInTheCatalogueHasALine() {
        assertThat(Arrays.stream(EventType.values()).map(EventType::eventClass))
                .allMatch(LogLines::renders);
    }

    @Test
    void aChatLineNamesItsAuthor() {
        LogLine line = LogLines.of(new ChatMessagePosted(LSID, Author.rep(RepId.of("alice")),
                "Restart the spooler"));

        assertThat(line).isEqualTo(new LogLine("rep alice", "alice said: Restart the spooler"));
    }

    @Test
    void controlTakenBackByTheCustomerSaysFromWhom() {
        LogLine line = LogLines.of(new ControlTakenBack(LSID, RepId.of("alice"),
                Author.customer("Carol")));

        assertThat(line.actor()).isEqualTo("customer Carol");
        assertThat(line.text()).isEqualTo("the customer took control back from alice");
    }

    @Test
    void aFirstSettingShowsAsUnset() {
        LogLine line = LogLines.of(new ConfigurationChanged(LSID, "portal.greeting", null,
                "Hello", "admin"));

        assertThat(line.text()).isEqualTo("admin changed portal.greeting from unset to 'Hello'");
    }
}
