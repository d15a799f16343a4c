package org.sightline.ops.audit;

import static org.sightline.ops.audit.SessionLogReplay.JSON;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.sightline.command.encryption.FieldEncryption;
import org.sightline.command.encryption.SessionKeys;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.retention.SessionDataExpired;
import org.sightline.projections.chain.Canonical;
import org.sightline.projections.chain.ChainVerifier;
import org.sightline.projections.chain.ChainVerifier.SignedCheckpoint;
import org.sightline.projections.chain.Checkpointer.Checkpoint;
import org.sightline.projections.chain.Checkpointer.Leaf;
import org.sightline.projections.chain.Finding;
import org.sightline.projections.chain.JdbcAuditSource;
import org.sightline.projections.chain.MerkleTree;
import org.sightline.projections.chain.SigningKey;
import org.sightline.projections.chain.StoredEvent;
import org.sightline.query.session.LogEntry;
import org.sightline.query.session.TextLog;

/**
 * An exported session: everything needed to check it offline with the public key alone.
 *
 * <p>A bundle directory holds {@code events.jsonl} (the raw event rows, bytes in base64),
 * {@code chain.jsonl} (each event's link), {@code checkpoint.json} (the newest checkpoint
 * covering the session, with the session's leaf and its Merkle audit path), and the log
 * rebuilt from the events as {@code log.json} and {@code log.txt}. Every file is checked:
 * the events against the links and the signed head, the logs against the events.
 */
final class Bundle {

    static final String EVENTS = "events.jsonl";
    static final String CHAIN = "chain.jsonl";
    static final String CHECKPOINT = "checkpoint.json";
    static final String LOG_JSON = "log.json";
    static final String LOG_TEXT = "log.txt";
    static final String CONTENT_KEY = "content-key.json";

    private Bundle() {
    }

    /** Writes the bundle of {@code lsid}; answers how many events it holds. */
    static int export(JdbcAuditSource source, SessionKeys keys, Lsid lsid, Path directory)
            throws SQLException, IOException {
        List<StoredEvent> events = new ArrayList<>();
        Map<Long, byte[]> links = new HashMap<>();
        source.streams(lsid.value(), (id, stream, chain) -> {
            events.addAll(stream);
            links.putAll(chain);
        }, read -> { });
        if (events.isEmpty()) {
            throw new IllegalArgumentException("the store holds no event of LSID " + lsid);
        }

        SessionKeys.Lookup key = keys.find(lsid);
        if (key instanceof SessionKeys.Withheld) {
            throw new IllegalArgumentException("the session's content is encrypted: export"
                    + " needs --master-key FILE to put its key in the bundle");
        }

        Files.createDirectories(directory);
        Files.writeString(directory.resolve(EVENTS), eventsText(events));
        Files.writeString(directory.resolve(CONTENT_KEY), contentKeyText(lsid, key));
        Files.writeString(directory.resolve(CHAIN), chainText(events, links));
        Optional<Map<String, Object>> checkpoint = newestCovering(source, lsid);
        if (checkpoint.isPresent()) {
            Files.writeString(directory.resolve(CHECKPOINT), checkpointText(checkpoint.get()));
        }
        List<LogEntry> log = SessionLogReplay.fromEvents(events, lsid, null,
                new FieldEncryption(SessionKeys.readOnly(any -> key), JSON));
        JSON.writerWithDefaultPrettyPrinter().writeValue(directory.resolve(LOG_JSON).toFile(), log);
        Files.writeString(directory.resolve(LOG_TEXT), TextLog.render(lsid.value(), log));
        ownerOnly(directory);
        return events.size();
    }

    /** A bundle holds content in clear and its key: readable by its owner alone. */
    private static void ownerOnly(Path directory) throws IOException {
        if (!Files.getFileStore(directory).supportsFileAttributeView("posix")) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        }
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    }

    private static Optional<Map<String, Object>> newestCovering(JdbcAuditSource source,
            Lsid lsid) throws SQLException {
        List<SignedCheckpoint> covering = source.checkpointsCovering(lsid.value());
        if (covering.isEmpty()) {
            return Optional.empty();
        }
        SignedCheckpoint newest = covering.get(covering.size() - 1);
        List<Leaf> leaves = newest.leaves();
        int index = 0;
        while (!leaves.get(index).lsid().equals(lsid.value())) {
            index++;
        }
        Checkpoint c = newest.checkpoint();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", c.id());
        json.put("createdAt", c.createdAt());
        json.put("leafCount", c.leafCount());
        json.put("merkleRoot", hex(c.merkleRoot()));
        json.put("previousDigest", hex(c.previousDigest()));
        json.put("keyId", c.keyId());
        json.put("signature", hex(c.signature()));
        json.put("leafIndex", index);
        json.put("leaf", leafJson(leaves.get(index)));
        json.put("auditPath", MerkleTree.path(leaves.stream().map(Leaf::bytes).toList(), index)
                .stream().map(Bundle::hex).toList());
        return Optional.of(json);
    }

    // The texts export writes; verify writes them again from what it read and compares bytes,
    // so a bundle verifies only if it is exactly what export wrote for these facts.

    private static String eventsText(List<StoredEvent> events) throws IOException {
        StringBuilder text = new StringBuilder();
        for (StoredEvent event : events) {
            text.append(JSON.writeValueAsString(eventJson(event))).append('\n');
        }
        return text.toString();
    }

    /**
     * The session's data key, so the bundle's content can be read (and its logs checked)
     * offline: whoever holds the bundle holds its logs in clear text anyway. Once the content
     * expired, only when.
     */
    private static String contentKeyText(Lsid lsid, SessionKeys.Lookup key) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("lsid", lsid.value());
        if (key instanceof SessionKeys.Found found) {
            json.put("state", "present");
            json.put("key", base64(found.key().getEncoded()));
        } else if (key instanceof SessionKeys.Destroyed destroyed) {
            json.put("state", "destroyed");
            json.put("destroyedAt", destroyed.at().toString());
        } else {
            json.put("state", "none");
        }
        return JSON.writeValueAsString(json) + "\n";
    }

    private static SessionKeys.Lookup contentKey(JsonNode json, Lsid lsid) {
        if (!lsid.value().equals(required(json, "lsid", CONTENT_KEY).asText())) {
            throw new IllegalArgumentException(CONTENT_KEY + " is the key of another session");
        }
        return switch (required(json, "state", CONTENT_KEY).asText()) {
            case "present" -> new SessionKeys.Found(new SecretKeySpec(
                    Base64.getDecoder().decode(required(json, "key", CONTENT_KEY).asText()),
                    "AES"));
            case "destroyed" -> new SessionKeys.Destroyed(
                    Instant.parse(required(json, "destroyedAt", CONTENT_KEY).asText()));
            case "none" -> new SessionKeys.Absent();
            default -> throw new IllegalArgumentException(CONTENT_KEY + " has an unknown state");
        };
    }

    /**
     * The content key's state must be the one the events give: destroyed exactly when the
     * session's content expired, and present whenever an event holds encrypted content. So a
     * bundle cannot pass content off as shredded, nor withhold a key it needs.
     */
    private static void requireKeyMatchesEvents(SessionKeys.Lookup key, List<StoredEvent> events) {
        boolean expired = events.stream().anyMatch(event -> SessionDataExpired.class.getName()
                .equals(event.payloadType()));
        boolean encrypted = events.stream().anyMatch(event -> new String(event.payload(),
                StandardCharsets.UTF_8).contains("\"enc1:"));
        if ((key instanceof SessionKeys.Destroyed) != expired) {
            throw new IllegalArgumentException(CONTENT_KEY + " says the content "
                    + (expired ? "was not destroyed" : "was destroyed") + ", but the events"
                    + (expired ? " record its expiry" : " record no expiry"));
        }
        if (key instanceof SessionKeys.Absent && encrypted) {
            throw new IllegalArgumentException(CONTENT_KEY + " holds no key, but the events hold"
                    + " encrypted content");
        }
    }

    private static String chainText(List<StoredEvent> events, Map<Long, byte[]> links)
            throws IOException {
        StringBuilder text = new StringBuilder();
        for (StoredEvent event : events) {
            byte[] link = links.get(event.seq());
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("seq", event.seq());
            line.put("hash", link == null ? "" : hex(link));
            text.append(JSON.writeValueAsString(line)).append('\n');
        }
        return text.toString();
    }

    private static String checkpointText(Map<String, Object> checkpoint) throws IOException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(checkpoint) + "\n";
    }

    private static Map<String, Object> leafJson(Leaf leaf) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("lsid", leaf.lsid());
        json.put("seq", leaf.seq());
        json.put("hash", hex(leaf.hash()));
        return json;
    }

    /**
     * Checks a bundle offline; the report names what fails. A file that cannot be read as
     * its part of a bundle is a failure too, not an error of the tool.
     */
    static ChainVerifier.Report verify(Path directory, SigningKey.PublicKey key) {
        try {
            return verifyReadable(directory, key);
        } catch (IOException | RuntimeException e) {
            ChainVerifier verifier = new ChainVerifier(List.of(key));
            verifier.report(new Finding(Finding.Kind.CHANGED, null, 0, null, null,
                    "the bundle cannot be read: " + e.getMessage()));
            return verifier.finish(false);
        }
    }

    private static ChainVerifier.Report verifyReadable(Path directory, SigningKey.PublicKey key)
            throws IOException {
        List<StoredEvent> events = new ArrayList<>();
        for (String line : Files.readAllLines(directory.resolve(EVENTS))) {
            events.add(storedEvent(JSON.readTree(line)));
        }
        if (events.isEmpty()) {
            throw new IllegalArgumentException(EVENTS + " holds no event");
        }
        String lsid = events.get(0).lsid();
        Map<Long, byte[]> links = new HashMap<>();
        for (String line : Files.readAllLines(directory.resolve(CHAIN))) {
            JsonNode link = JSON.readTree(line);
            String hash = required(link, "hash", CHAIN).asText();
            if (!hash.isEmpty()) {
                links.put(required(link, "seq", CHAIN).asLong(), unhex(hash));
            }
        }

        SessionKeys.Lookup contentKey = contentKey(
                JSON.readTree(Files.readString(directory.resolve(CONTENT_KEY))), Lsid.parse(lsid));
        requireKeyMatchesEvents(contentKey, events);

        ChainVerifier verifier = new ChainVerifier(List.of(key));
        sameBytes(directory.resolve(EVENTS), eventsText(events), verifier, lsid);
        sameBytes(directory.resolve(CONTENT_KEY), contentKeyText(Lsid.parse(lsid), contentKey),
                verifier, lsid);
        sameBytes(directory.resolve(CHAIN), chainText(events, links), verifier, lsid);
        checkCheckpoint(directory.resolve(CHECKPOINT), key, lsid, verifier);
        verifier.checkStream(lsid, events, links);
        checkLogs(directory, events, Lsid.parse(lsid), contentKey, verifier);
        return verifier.finish(false);
    }

    private static void sameBytes(Path file, String expected, ChainVerifier verifier,
            String lsid) throws IOException {
        if (!expected.equals(Files.readString(file))) {
            verifier.report(new Finding(Finding.Kind.CHANGED, lsid, 0, null, null,
                    file.getFileName() + " is not exactly what export writes for what it holds"));
        }
    }

    private static void checkCheckpoint(Path file, SigningKey.PublicKey key, String lsid,
            ChainVerifier verifier) throws IOException {
        if (!Files.exists(file)) {
            verifier.report(new Finding(Finding.Kind.CHECKPOINT_FORGED, lsid, 0, null, null,
                    "the bundle holds no checkpoint: nothing signed covers this session"));
            return;
        }
        JsonNode c = JSON.readTree(file.toFile());
        for (String field : List.of("id", "createdAt", "leafCount", "merkleRoot",
                "previousDigest", "keyId", "signature", "leafIndex", "leaf", "auditPath")) {
            required(c, field, CHECKPOINT);
        }
        JsonNode leafJson = c.get("leaf");
        Leaf leaf = new Leaf(required(leafJson, "lsid", CHECKPOINT).asText(),
                required(leafJson, "seq", CHECKPOINT).asLong(),
                unhex(required(leafJson, "hash", CHECKPOINT).asText()));
        List<byte[]> path = JSON.convertValue(c.get("auditPath"),
                new TypeReference<List<String>>() { }).stream().map(Bundle::unhex).toList();
        long id = c.get("id").asLong();
        byte[] root = unhex(c.get("merkleRoot").asText());
        byte[] signed = Canonical.checkpoint(id, c.get("createdAt").asText(),
                c.get("leafCount").asInt(), root, unhex(c.get("previousDigest").asText()),
                c.get("keyId").asText());

        String problem = null;
        if (!key.id().equals(c.get("keyId").asText())) {
            problem = "it is signed by key " + c.get("keyId").asText() + ", not the one given";
        } else if (!key.verifies(signed, unhex(c.get("signature").asText()))) {
            problem = "its signature does not verify";
        } else if (!leaf.lsid().equals(lsid)) {
            problem = "its leaf is for another session";
        } else if (!Arrays.equals(root, MerkleTree.rootFromPath(leaf.bytes(),
                c.get("leafIndex").asInt(), c.get("leafCount").asInt(), path))) {
            problem = "the session's leaf and audit path do not give the signed root";
        }
        if (problem == null && !checkpointText(rewritten(c, leaf, path)).equals(
                Files.readString(file))) {
            problem = CHECKPOINT + " is not exactly what export writes for what it holds";
        }
        if (problem != null) {
            verifier.report(new Finding(Finding.Kind.CHECKPOINT_FORGED, null, id, null, null,
                    problem));
        } else {
            verifier.trustHead(id, leaf);
        }
    }

    private static Map<String, Object> rewritten(JsonNode c, Leaf leaf, List<byte[]> path) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", c.get("id").asLong());
        json.put("createdAt", c.get("createdAt").asText());
        json.put("leafCount", c.get("leafCount").asInt());
        json.put("merkleRoot", hex(unhex(c.get("merkleRoot").asText())));
        json.put("previousDigest", hex(unhex(c.get("previousDigest").asText())));
        json.put("keyId", c.get("keyId").asText());
        json.put("signature", hex(unhex(c.get("signature").asText())));
        json.put("leafIndex", c.get("leafIndex").asInt());
        json.put("leaf", leafJson(leaf));
        json.put("auditPath", path.stream().map(Bundle::hex).toList());
        return json;
    }

    private static void checkLogs(Path directory, List<StoredEvent> events, Lsid lsid,
            SessionKeys.Lookup contentKey, ChainVerifier verifier) throws IOException {
        List<LogEntry> log = SessionLogReplay.fromEvents(events, lsid, null,
                new FieldEncryption(SessionKeys.readOnly(any -> contentKey), JSON));
        String expectedJson = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(log);
        String text = TextLog.render(lsid.value(), log);
        if (!expectedJson.equals(Files.readString(directory.resolve(LOG_JSON)))) {
            verifier.report(new Finding(Finding.Kind.CHANGED, lsid.value(), 0, null, null,
                    LOG_JSON + " is not the log these events give"));
        }
        if (!text.equals(Files.readString(directory.resolve(LOG_TEXT)))) {
            verifier.report(new Finding(Finding.Kind.CHANGED, lsid.value(), 0, null, null,
                    LOG_TEXT + " is not the log these events give"));
        }
    }

    private static Map<String, Object> eventJson(StoredEvent e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("lsid", e.lsid());
        json.put("seq", e.seq());
        json.put("globalIndex", e.globalIndex());
        json.put("eventIdentifier", e.eventIdentifier());
        json.put("aggregateType", e.aggregateType());
        json.put("payloadType", e.payloadType());
        json.put("payloadRevision", e.payloadRevision());
        json.put("timestamp", e.timestamp());
        json.put("payload", base64(e.payload()));
        json.put("metadata", base64(e.metadata()));
        return json;
    }

    private static JsonNode required(JsonNode json, String field, String file) {
        JsonNode value = json == null ? null : json.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(file + " has no " + field + " where one belongs");
        }
        return value;
    }

    private static StoredEvent storedEvent(JsonNode json) {
        return new StoredEvent(required(json, "lsid", EVENTS).asText(),
                required(json, "seq", EVENTS).asLong(),
                required(json, "globalIndex", EVENTS).asLong(), text(json, "eventIdentifier"),
                text(json, "aggregateType"), text(json, "payloadType"),
                text(json, "payloadRevision"), text(json, "timestamp"),
                bytes(json, "payload"), bytes(json, "metadata"));
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static byte[] bytes(JsonNode json, String field) {
        String value = text(json, field);
        return value == null ? null : Base64.getDecoder().decode(value);
    }

    private static String base64(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static byte[] unhex(String text) {
        return HexFormat.of().parseHex(text);
    }
}
