package org.sightline.command.tls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.configuration.ConfigurationChanged;
import org.sightline.contracts.configuration.TlsSettings;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The newest values of the site's {@code tls.*} settings, read from the configuration events
 * in the event store: every node reads the same events, so a change made through one node
 * reaches all of them. Each read fetches only the site's events since the previous read.
 */
@Component
public class SiteTlsSettings {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;
    private final Map<String, String> newest = new HashMap<>();
    private long seenSequence = -1;

    SiteTlsSettings(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * What the site's settings ask a node to serve.
     *
     * @param certificate the fingerprint (hex) of the certificate to serve; null until an
     *     admin imported one, which means the site's self-signed certificate
     * @param ciphers empty for the JVM's defaults
     */
    public record Wanted(List<String> protocols, List<String> ciphers, String certificate) {
    }

    /** The settings as the event store has them now. */
    public synchronized Wanted read() {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT sequencenumber, payload"
                + " FROM domainevententry WHERE aggregateidentifier = ? AND payloadtype = ?"
                + " AND sequencenumber > ? ORDER BY sequencenumber",
                Lsid.SITE.value(), ConfigurationChanged.class.getName(), seenSequence);
        for (Map<String, Object> row : rows) {
            JsonNode event = parse((byte[]) row.get("payload"));
            String setting = event.path("setting").asText();
            if (setting.startsWith("tls.")) {
                newest.put(setting, event.path("newValue").asText());
            }
            seenSequence = ((Number) row.get("sequencenumber")).longValue();
        }
        String certificate = newest.get(TlsSettings.CERTIFICATE);
        return new Wanted(lenient(TlsSettings.PROTOCOLS), ciphers(),
                certificate == null || certificate.isEmpty() ? null
                        : SiteCertificates.Served.fingerprintOf(certificate));
    }

    /** The protocols, or the default when the stored value no longer suits this JVM. */
    private List<String> lenient(String setting) {
        try {
            return JvmTls.protocols(newest.get(setting));
        } catch (IllegalArgumentException e) {
            return TlsSettings.DEFAULT_PROTOCOLS;
        }
    }

    private List<String> ciphers() {
        try {
            return JvmTls.ciphers(newest.get(TlsSettings.CIPHERS));
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    private static JsonNode parse(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("a configuration event cannot be read", e);
        }
    }
}
