package org.sightline.projections.sessionlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.sightline.contracts.AuditEvent;

/**
 * An event's fields as a JSON object, beside its printed line, for pages and tools that act
 * on them (which request to answer, who holds control). The session id is left out: the
 * row has it. Fields come in the record's order and times as ISO-8601 text, so the same
 * event gives the same text every time and a rebuilt log equals the one it replaces.
 *
 * <p>The details hold what the event holds: a content event's details are content, and go
 * with its row when the session's content expires.
 */
public final class LogDetails {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private LogDetails() {
    }

    public static String of(AuditEvent event) {
        ObjectNode fields = JSON.valueToTree(event);
        fields.remove("lsid");
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event's fields are always JSON", e);
        }
    }
}
