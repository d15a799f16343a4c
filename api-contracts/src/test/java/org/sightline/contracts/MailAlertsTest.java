package org.sightline.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.sightline.contracts.catalogue.EventType;
import org.sightline.contracts.configuration.MailAlerts;

class MailAlertsTest {

    @Test
    void eventsAreCatalogueTypeNames() {
        assertThat(MailAlerts.parseEvents(" console.account.locked, audit.chain.failed"))
                .containsExactlyInAnyOrder(EventType.ACCOUNT_LOCKED,
                        EventType.CHAIN_VERIFICATION_FAILED);
        assertThat(MailAlerts.parseEvents("")).isEmpty();
    }

    @Test
    void anUnknownOrRepeatedEventTypeIsRefusedWithTheRule() {
        assertThatThrownBy(() -> MailAlerts.parseEvents("console.account.lockedd"))
                .hasMessageContaining("is not an event type")
                .hasMessageContaining("console.account.locked");
        assertThatThrownBy(() -> MailAlerts.parseEvents("console.login,,console.logout"))
                .hasMessageContaining("is not an event type");
        assertThatThrownBy(() -> MailAlerts.parseEvents("console.login, console.login"))
                .hasMessageContaining("twice");
    }

    @Test
    void recipientsArePlainAddresses() {
        assertThat(MailAlerts.parseRecipients("security@example.org, ops+alerts@mail.example"))
                .containsExactly("security@example.org", "ops+alerts@mail.example");
    }

    @Test
    void anAddressThatCouldCarryHeadersOrNamesIsRefused() {
        for (String bad : new String[] {"security", "a@b\r\nBcc: x@y", "Ops <ops@example.org>",
                "\"a b\"@example.org", "a@-example.org", "a@example.org;b@example.org"}) {
            assertThatThrownBy(() -> MailAlerts.parseRecipients(bad)).as(bad)
                    .hasMessageContaining("is not a plain mail address");
        }
    }

    @Test
    void atMost32Recipients() {
        String many = String.join(",", java.util.stream.IntStream.range(0, 33)
                .mapToObj(i -> "admin" + i + "@example.org").toList());

        assertThatThrownBy(() -> MailAlerts.parseRecipients(many))
                .hasMessageContaining("at most 32");
    }
}
