package org.sightline.ops.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.sightline.ops.SightlineIntegrationTest;
import org.sightline.ops.audit.AuditTool.Run;
import org.sightline.ops.demo.DemoSession;
import org.sightline.projections.chain.Checkpointer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The tamper-evident record on a real PostgreSQL: what the application role cannot do, and
 * what the audit tool finds after the database superuser tampers with the rows. It has a
 * database of its own, so that its tampering touches no other test.
 */
@TestPropertySource(properties = "sightline.test.database=audit-trail")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditTrailTest extends SightlineIntegrationTest {

    private static final List<String> RECORD_TABLES = List.of("domainevententry",
            "snapshotevententry", "event_chain", "checkpoint", "checkpoint_leaf",
            "checkpoint_key", "session_log");

    @Autowired
    EmbeddedPostgres postgres;

    @Autowired
    Checkpointer checkpointer;

    @TempDir
    Path files;

    private JdbcTemplate superuser;
    private String rep;

    @BeforeEach
    void connectAsSuperuser() {
        superuser = new JdbcTemplate(postgres.getDatabase("postgres", "sightline"));
        if (rep == null) {
            rep = newRep("audit-rep-" + System.nanoTime() % 100_000);
        }
    }

    @Test
    @Order(1)
    void theWholeUntouchedRecordVerifies() {
        String lsid = endedSession();

        Run run = audit("verify", "--public-key", publicKeyFile());

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).startsWith("VERIFIED: ").contains("events/s");
        assertThat(superuser.queryForObject("SELECT checkpointed_seq FROM chain_head"
                + " WHERE lsid = ?", Long.class, lsid)).isEqualTo(lastSeq(lsid));
    }

    @Test
    @Order(2)
    void theApplicationRoleCannotUpdateDeleteOrTruncateTheRecord() {
        endedSession();
        for (String table : RECORD_TABLES) {
            String column = table.equals("session_log") ? "line" : table.startsWith("checkpoint")
                    ? (table.equals("checkpoint_key") ? "algorithm" : "lsid")
                    : table.equals("event_chain") ? "lsid" : "type";
            if (table.equals("checkpoint")) {
                column = "created_at";
            }
            String update = "UPDATE " + table + " SET " + column + " = " + column;
            assertThatThrownBy(() -> jdbc.update(update)).as(update)
                    .rootCause().hasMessageContaining("permission denied");
            assertThatThrownBy(() -> jdbc.update("DELETE FROM " + table)).as("DELETE " + table)
                    .rootCause().hasMessageContaining("permission denied");
            assertThatThrownBy(() -> jdbc.execute("TRUNCATE " + table)).as("TRUNCATE " + table)
                    .rootCause().hasMessageContaining("permission denied");
        }
    }

    @Test
    @Order(3)
    void evenTheOwnerCannotEditAnEventWhileTheTriggersStand() {
        String lsid = endedSession();

        assertThatThrownBy(() -> superuser.update("UPDATE domainevententry SET payload = payload"
                + " WHERE aggregateidentifier = ?", lsid))
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> superuser.update("DELETE FROM session_log WHERE lsid = ?", lsid))
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> superuser.execute("TRUNCATE event_chain"))
                .rootCause().hasMessageContaining("append-only");
    }

    @Test
    @Order(4)
    void aChangedPayloadByteIsFoundAtItsEvent() {
        String lsid = endedSession();

        tamper(postgres, "UPDATE domainevententry SET payload = set_byte(payload, 10,"
                + " get_byte(payload, 10) # 1)"
                + " WHERE aggregateidentifier = ? AND sequencenumber = 4",
                lsid);

        Run run = audit("verify", "--lsid", lsid, "--public-key", publicKeyFile());
        assertFirstFailure(run, "changed at LSID " + lsid + " seq 4");
        assertThat(run.out()).containsPattern("expected [0-9a-f]{64}; found [0-9a-f]{64}");
    }

    @Test
    @Order(5)
    void aDeletedEventIsFound() {
        String lsid = endedSession();

        tamper(postgres, "DELETE FROM domainevententry WHERE aggregateidentifier = ?"
                + " AND sequencenumber = 6", lsid);

        assertFirstFailure(audit("verify", "--lsid", lsid, "--public-key", publicKeyFile()),
                "deleted at LSID " + lsid + " seq 6");
    }

    @Test
    @Order(6)
    void aForgedEventIsFoundAsInserted() {
        String lsid = endedSession();
        long next = lastSeq(lsid) + 1;

        tamper(postgres, "INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type,"
                + " eventidentifier, payload, payloadtype, timestamp, metadata)"
                + " SELECT aggregateidentifier, sequencenumber + 1, type, 'forged-' || ?,"
                + " payload, payloadtype, timestamp, metadata FROM domainevententry"
                + " WHERE aggregateidentifier = ? AND sequencenumber = ?", lsid, lsid, next - 1);

        assertFirstFailure(audit("verify", "--lsid", lsid, "--public-key", publicKeyFile()),
                "inserted at LSID " + lsid + " seq " + next);
    }

    @Test
    @Order(7)
    void swappedSequenceNumbersAreFoundAsReordered() {
        String lsid = endedSession();

        String move = "UPDATE domainevententry SET sequencenumber = ?"
                + " WHERE aggregateidentifier = ? AND sequencenumber = ?";
        tamper(postgres, move, -1, lsid, 2);
        tamper(postgres, move, 2, lsid, 3);
        tamper(postgres, move, 3, lsid, -1);

        assertFirstFailure(audit("verify", "--lsid", lsid, "--public-key", publicKeyFile()),
                "reordered at LSID " + lsid + " seq 2");
    }

    /** After the checkpoint removal test: signing has stopped; the newest one is tampered. */
    @Test
    @Order(101)
    void aReplacedCheckpointSignatureIsFoundAsForged() {
        long checkpoint = superuser.queryForObject("SELECT max(id) FROM checkpoint", Long.class);

        tamper(postgres, "UPDATE checkpoint SET signature = set_byte(signature, 0,"
                + " get_byte(signature, 0) # 1) WHERE id = ?", checkpoint);

        Run run = audit("verify", "--public-key", publicKeyFile());
        assertThat(run.exit()).as(run.out()).isEqualTo(1);
        assertThat(run.out()).contains("checkpoint forged at checkpoint " + checkpoint
                + ": its signature does not verify");
    }

    @Test
    @Order(9)
    void anExportedBundleVerifiesOfflineAndFailsAfterOneByteChanges() throws Exception {
        String lsid = endedSession();
        Path bundle = files.resolve("bundle");

        assertThat(audit("export", "--lsid", lsid, "--out", bundle.toString()).exit()).isZero();
        Run good = audit("verify", "--bundle", bundle.toString(), "--public-key",
                publicKeyFile());
        assertThat(good.exit()).as(good.out()).isZero();

        for (String file : List.of(Bundle.EVENTS, Bundle.CHAIN, Bundle.CHECKPOINT,
                Bundle.LOG_JSON, Bundle.LOG_TEXT, Bundle.CONTENT_KEY)) {
            byte[] original = Files.readAllBytes(bundle.resolve(file));
            for (int position : positions(original.length)) {
                for (byte replacement : new byte[] {' ', 'A', 'a', '0', '\r', '"'}) {
                    if (original[position] == replacement) {
                        continue;
                    }
                    Path copy = files.resolve("tampered");
                    copyDirectory(bundle, copy);
                    byte[] changed = original.clone();
                    changed[position] = replacement;
                    Files.write(copy.resolve(file), changed);
                    Run tampered = audit("verify", "--bundle", copy.toString(), "--public-key",
                            publicKeyFile());
                    assertThat(tampered.exit()).as("byte %d of %s set to %d: %s", position,
                            file, replacement, tampered.out()).isNotZero();
                    deleteDirectory(copy);
                }
            }
        }
    }

    @Test
    @Order(10)
    void replayAsOfGivesTheLogAsItStoodThen() throws Exception {
        DemoSession.Opened session = demo.requestSupport("Uma Customer");
        String path = "/api/sessions/" + session.lsid();
        client.post(path + "/join", null, rep).expect(200);
        client.post(path + "/chat", Map.of("text", "before"), session.customerToken())
                .expect(200);
        Thread.sleep(20);
        Instant between = Instant.now();
        Thread.sleep(20);
        client.post(path + "/chat", Map.of("text", "after"), session.customerToken())
                .expect(200);
        client.post(path + "/end", null, rep).expect(200);
        demo.awaitLogTypes(session.lsid(), rep, Duration.ofSeconds(20));

        Run then = audit("replay", "--lsid", session.lsid(), "--as-of", between.toString());
        Run now = audit("replay", "--lsid", session.lsid(), "--format", "json");

        assertThat(then.exit()).isZero();
        assertThat(then.out()).contains("said: before").doesNotContain("said: after")
                .doesNotContain("session.ended");
        JsonNode replayed = SessionLogReplay.JSON.readTree(now.out());
        JsonNode projected = SessionLogReplay.JSON.readTree(
                client.get(path + "/log", rep).expect(200).body());
        assertThat(replayed).isEqualTo(projected);
    }

    @Test
    @Order(11)
    void theQueryApiShowsTheChainStatusAndItsCheckpoint() {
        String lsid = endedSession();

        await("the chain status is recorded", Duration.ofSeconds(20), () -> client
                .get("/api/sessions/" + lsid + "/chain", rep).json().get("state").asText()
                .equals("verified"));
        JsonNode status = client.get("/api/sessions/" + lsid + "/chain", rep).json();
        assertThat(status.get("checkpointId").asLong()).isEqualTo(superuser.queryForObject(
                "SELECT max(checkpoint_id) FROM checkpoint_leaf WHERE lsid = ?", Long.class,
                lsid));
        assertThat(status.get("headSeq").asLong()).isEqualTo(lastSeq(lsid));
    }

    @Test
    @Order(13)
    void theApplicationRoleCannotMarkAStreamSignedNorChooseWhereOrWhenAnEventIs() {
        String lsid = endedSession();

        assertThatThrownBy(() -> jdbc.update("UPDATE chain_head SET checkpointed_seq ="
                + " 9000000000000000000 WHERE lsid = ?", lsid))
                .rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> appendAsApplication(lsid, "-7", Instant.now().toString()))
                .rootCause().hasMessageContaining("the store assigns event positions");
        assertThatThrownBy(() -> appendAsApplication(lsid, null, "2026-01-01T00:00:00Z"))
                .rootCause().hasMessageContaining("more than five minutes");
    }

    @Test
    @Order(14)
    void verifyingOneSessionNoticesACheckpointMissingBeforeIt() {
        String lsid = endedSession();
        long checkpoint = superuser.queryForObject("SELECT max(checkpoint_id) FROM"
                + " checkpoint_leaf WHERE lsid = ?", Long.class, lsid);
        endedSession();

        tamper(postgres, "DELETE FROM checkpoint_leaf WHERE checkpoint_id = ?", checkpoint);
        tamper(postgres, "DELETE FROM checkpoint WHERE id = ?", checkpoint);

        Run run = audit("verify", "--lsid", lsid, "--public-key", publicKeyFile());
        assertThat(run.exit()).as(run.out()).isEqualTo(1);
        assertThat(run.out()).contains("checkpoint forged", "missing");
    }

    @Test
    @Order(12)
    void unsignedEventsAreCountedInTheSummary() {
        DemoSession.Opened open = demo.requestSupport("Nia Customer");
        client.post("/api/sessions/" + open.lsid() + "/join", null, rep).expect(200);

        Run run = audit("verify", "--lsid", open.lsid(), "--public-key", publicKeyFile());

        assertThat(run.out()).contains("come after the newest checkpoint covering them");
    }

    /** Near the end: it leaves this database's checkpointer refusing for good. */
    @Test
    @Order(100)
    void checkpointsRemovedAndSignedAnewAreNotSignedOverAndFailTheOutsideCopy() {
        String lsid = endedSession();
        Map<String, Object> newest = superuser.queryForMap(
                "SELECT id, signature FROM checkpoint ORDER BY id DESC LIMIT 1");
        long id = (Long) newest.get("id");
        String signature = java.util.HexFormat.of().formatHex((byte[]) newest.get("signature"));

        tamper(postgres, "DELETE FROM checkpoint_leaf WHERE checkpoint_id = ?", id);
        tamper(postgres, "DELETE FROM checkpoint WHERE id = ?", id);
        tamper(postgres, "UPDATE chain_head SET checkpointed_seq = -1 WHERE lsid = ?", lsid);

        assertThatThrownBy(() -> checkpointer.checkpoint())
                .hasMessageContaining("no longer holds checkpoint " + id);
        Run run = audit("verify", "--public-key", publicKeyFile(), "--expect-checkpoint",
                id + ":" + signature);
        assertThat(run.exit()).as(run.out()).isEqualTo(1);
        assertThat(run.out()).contains("checkpoint " + id + ", known outside the database,"
                + " is missing");
    }

    @Test
    @Order(15)
    void helpAndBadUsageAnswerWithoutTouchingTheDatabase() {
        assertThat(audit("--help").out()).contains("verify [--lsid L] [--public-key FILE]");
        assertThat(audit("verify", "--lsid", "NOT-AN-LSID").exit()).isEqualTo(2);
        assertThat(audit("replay").err()).contains("needs --lsid");
        assertThat(audit("frobnicate").exit()).isEqualTo(2);
        Run unknown = audit("verify", "--lsid", "1234567890abcdef1234567890abcdef");
        assertThat(unknown.exit()).as("a mistyped LSID verifies nothing").isEqualTo(1);
        assertThat(unknown.err()).contains("no event of LSID");
    }

    @Test
    @Order(8)
    void aBundleCannotPassContentOffAsShreddedAndIsForItsOwnerOnly() throws Exception {
        String lsid = endedSession();
        Path bundle = files.resolve("shredded");
        assertThat(audit("export", "--lsid", lsid, "--out", bundle.toString()).exit()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                bundle.resolve(Bundle.CONTENT_KEY)))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bundle)))
                .isEqualTo("rwx------");

        // Claim the content was destroyed, with logs rewritten to match: still refused.
        Files.writeString(bundle.resolve(Bundle.CONTENT_KEY), "{\"lsid\":\"" + lsid
                + "\",\"state\":\"destroyed\",\"destroyedAt\":\"2026-12-04T20:30:00Z\"}\n");
        Run run = audit("verify", "--bundle", bundle.toString(), "--public-key",
                publicKeyFile());
        assertThat(run.exit()).as(run.out()).isEqualTo(1);
        assertThat(run.out()).contains("the events record no expiry");
    }

    /** A whole session, ended, with its chain head signed by the session-end checkpoint. */
    private String endedSession() {
        String lsid = demo.play(demo.requestSupport("Vera Customer"), rep);
        await("the session's end is signed", Duration.ofSeconds(20), () -> {
            Long signed = superuser.queryForObject("SELECT checkpointed_seq FROM chain_head"
                    + " WHERE lsid = ?", Long.class, lsid);
            return signed != null && signed == lastSeq(lsid);
        });
        return lsid;
    }

    private void appendAsApplication(String lsid, String position, String time) {
        jdbc.update("INSERT INTO domainevententry (" + (position == null ? "" : "globalindex, ")
                + "aggregateidentifier, sequencenumber, type, eventidentifier, payload,"
                + " payloadtype, timestamp) VALUES (" + (position == null ? "" : position + ", ")
                + "?, ?, 'SupportSession', ?, ?, ?, ?)", lsid, lastSeq(lsid) + 1,
                "forged-" + System.nanoTime(), "{}".getBytes(StandardCharsets.UTF_8),
                "org.sightline.contracts.session.SessionNoteAdded", time);
    }

    private long lastSeq(String lsid) {
        return superuser.queryForObject("SELECT max(sequencenumber) FROM domainevententry"
                + " WHERE aggregateidentifier = ?", Long.class, lsid);
    }

    private String publicKeyFile() {
        return System.getProperty("java.io.tmpdir") + "/test-checkpoint-key.pem.pub";
    }

    private Run audit(String... args) {
        return new AuditTool(postgres.getPort()).run(args);
    }

    private static void assertFirstFailure(Run run, String expected) {
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).startsWith("NOT VERIFIED").contains(expected);
    }

    private static void copyDirectory(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    /** Thirty positions spread over a file, its first and last byte among them. */
    private static List<Integer> positions(int length) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            positions.add((int) ((long) i * (length - 1) / 29));
        }
        return positions.stream().distinct().toList();
    }

    private static void deleteDirectory(Path directory) throws Exception {
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }
}
