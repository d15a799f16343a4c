package org.sightline.ops.audit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.sightline.command.encryption.FieldEncryption;
import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.SensitiveFields;
import org.sightline.contracts.catalogue.EventType;
import org.sightline.contracts.retention.SessionDataExpired;
import org.sightline.projections.chain.StoredEvent;
import org.sightline.projections.sessionlog.LogDetails;
import org.sightline.projections.sessionlog.LogLine;
import org.sightline.projections.sessionlog.LogLines;
import org.sightline.query.session.LogEntry;

/**
 * Rebuilds a session log from events alone, with the same rendering as the session log
 * projection, so that for the same events the rows are identical.
 */
final class SessionLogReplay {

    /** Reads event payloads and writes log entries as the query API does. */
    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Only catalogue classes are ever instantiated from a row's payload type. */
    private static final Map<String, EventType> BY_CLASS_NAME = Arrays.stream(EventType.values())
            .collect(Collectors.toMap(type -> type.eventClass().getName(), Function.identity()));

    private SessionLogReplay() {
    }

    /**
     * The log of {@code lsid} as it stood at {@code asOf} (every event when absent): its own
     * stream's events and the site configuration changes made in it (a console session).
     */
    static List<LogEntry> fromDatabase(DataSource dataSource, Lsid lsid, Instant asOf,
            FieldEncryption encryption) throws SQLException {
        List<StoredEvent> rows = new ArrayList<>();
        String marker = "\"lsid\":\"" + lsid.value() + "\"";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT globalindex,"
                        + " aggregateidentifier, sequencenumber, payloadtype, timestamp, payload"
                        + " FROM domainevententry WHERE aggregateidentifier = ?"
                        + " OR (aggregateidentifier = ? AND position(? IN payload) > 0)"
                        + " ORDER BY globalindex")) {
            query.setString(1, lsid.value());
            query.setString(2, Lsid.SITE.value());
            query.setBytes(3, marker.getBytes(StandardCharsets.UTF_8));
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    rows.add(new StoredEvent(row.getString(2), row.getLong(3), row.getLong(1),
                            null, null, row.getString(4), null, row.getString(5),
                            row.getBytes(6), null));
                }
            }
        }
        return fromEvents(rows, lsid, asOf, encryption);
    }

    /**
     * The log entries of the events that belong to {@code lsid}, up to {@code asOf}, their
     * content decrypted with {@code encryption}'s keys. As in the session log, the lines made
     * from content are gone once the content expired.
     */
    static List<LogEntry> fromEvents(List<StoredEvent> rows, Lsid lsid, Instant asOf,
            FieldEncryption encryption) {
        List<LogEntry> entries = new ArrayList<>();
        List<Boolean> content = new ArrayList<>();
        for (StoredEvent row : rows) {
            Instant at = Instant.parse(row.timestamp());
            AuditEvent event = payload(row, encryption);
            if ((asOf != null && at.isAfter(asOf)) || !event.lsid().equals(lsid)) {
                continue;
            }
            if (event instanceof SessionDataExpired) {
                for (int i = entries.size() - 1; i >= 0; i--) {
                    if (content.get(i)) {
                        entries.remove(i);
                        content.remove(i);
                    }
                }
            }
            EventType type = EventType.of(event);
            LogLine line = LogLines.of(event);
            entries.add(new LogEntry(row.globalIndex(), at.truncatedTo(ChronoUnit.MILLIS),
                    type.typeName(), type.code(), line.actor(), line.text(),
                    LogDetails.of(event)));
            content.add(SensitiveFields.holdsContent(event));
        }
        return entries;
    }

    private static AuditEvent payload(StoredEvent row, FieldEncryption encryption) {
        EventType type = BY_CLASS_NAME.get(row.payloadType());
        if (type == null) {
            throw new IllegalStateException("event " + row.globalIndex() + " has the type "
                    + row.payloadType() + ", which is not in the event catalogue");
        }
        try {
            JsonNode tree = JSON.readTree(row.payload());
            if (!(tree instanceof ObjectNode object)) {
                throw new IllegalStateException("event " + row.globalIndex()
                        + " holds no JSON object");
            }
            encryption.decrypt(type.eventClass(), object);
            return JSON.treeToValue(object, type.eventClass());
        } catch (IOException e) {
            throw new UncheckedIOException("event " + row.globalIndex() + " cannot be read", e);
        }
    }
}
