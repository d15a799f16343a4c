package org.sightline.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sightline.contracts.session.Author;
import org.sightline.contracts.session.ChatMessagePosted;
import org.sightline.contracts.session.InfoSection;
import org.sightline.contracts.session.PostChatMessage;
import org.sightline.contracts.session.SystemInformationCaptured;

class JsonMappingTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void valuesAreWrittenAsPlainStrings() throws Exception {
        Lsid lsid = Lsid.random();
        ChatMessagePosted event = new ChatMessagePosted(lsid, Author.rep(RepId.of("alice")), "hi");

        String json = mapper.writeValueAsString(event);

        assertThat(json).contains("\"lsid\":\"" + lsid + "\"")
                .contains("\"author\":{\"kind\":\"REP\",\"name\":\"alice\"}");
        assertThat(mapper.readValue(json, ChatMessagePosted.class)).isEqualTo(event);
    }

    @Test
    void systemInformationKeepsTheOrderOfItsValues() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("zeta", "1");
        values.put("alpha", "2");
        var event = new SystemInformationCaptured(Lsid.random(),
                List.of(new InfoSection("Operating system", values)));

        var back = mapper.readValue(mapper.writeValueAsString(event),
                SystemInformationCaptured.class);

        assertThat(back.sections().get(0).values().keySet()).containsExactly("zeta", "alpha");
    }

    @Test
    void aCommandWithABadLsidIsRefusedWhileReading() {
        String json = "{\"lsid\":\"XYZ\","
                + "\"author\":{\"kind\":\"REP\",\"name\":\"a\"},\"text\":\"t\"}";

        assertThatThrownBy(() -> mapper.readValue(json, PostChatMessage.class))
                .isInstanceOf(ValueInstantiationException.class)
                .hasRootCauseMessage(
                        "an LSID is exactly 32 lowercase hexadecimal digits (0-9, a-f)");
    }
}
