package org.sightline.ops.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.sightline.contracts.SensitiveFields;
import org.sightline.ops.SightlineIntegrationTest;
import org.sightline.ops.audit.AuditTool;
import org.sightline.projections.retention.RetentionJob;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Retention on a real PostgreSQL: content is stored encrypted with a key per session, expiry
 * destroys that key and the rows made from the content, legal holds suspend it, two nodes
 * expire each session once, and the time arithmetic is exact in a zone with daylight saving
 * (the test JVM runs in America/New_York, see the root pom). The retention job is called with
 * the instant to judge by; its schedule runs hourly here, so it never interferes.
 */
@TestPropertySource(properties = {"sightline.test.database=retention",
    "sightline.retention.check-interval=PT1H"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionTest extends SightlineIntegrationTest {

    private static final String EXPIRED_TYPE =
            "org.sightline.contracts.retention.SessionDataExpired";

    @Autowired
    EmbeddedPostgres postgres;

    @Autowired
    RetentionJob job;

    private JdbcTemplate superuser;
    private String rep;
    private String admin;
    private ConfigurableApplicationContext second;

    @BeforeEach
    void accounts() {
        superuser = new JdbcTemplate(postgres.getDatabase("postgres", "sightline"));
        if (rep == null) {
            rep = newRep("retention-rep");
        }
        admin = admin();
    }

    @AfterAll
    void stopTheSecondNode() {
        if (second != null) {
            second.close();
        }
    }

    /** Every piece of content a session can hold, each with a marker of its own. */
    private record Markers(String lsid, List<String> all) {
    }

    private Markers sessionWithContent() {
        String tag = Long.toString(System.nanoTime(), 36);
        List<String> markers = List.of("Zelda" + tag, "Company" + tag, "problem" + tag,
                "chat" + tag, "reply" + tag, "note" + tag, "file" + tag, "info" + tag,
                "reason" + tag);
        Map<String, Object> request = Map.of("queue", "general", "customerName", markers.get(0),
                "company", markers.get(1), "problemDescription", markers.get(2),
                "clientKind", "BROWSER");
        JsonNode opened = client.post("/api/sessions", request, null).expect(201).json();
        String lsid = opened.get("lsid").asText();
        String customer = opened.get("customerToken").asText();
        String path = "/api/sessions/" + lsid;
        client.post(path + "/join", null, rep).expect(200);
        client.post(path + "/chat", Map.of("text", markers.get(3)), customer).expect(200);
        client.post(path + "/chat", Map.of("text", markers.get(4)), rep).expect(200);
        client.post(path + "/notes", Map.of("text", markers.get(5)), rep).expect(200);
        grant(path, "FILE_TRANSFER", customer);
        client.post(path + "/files", Map.of("direction", "TO_CUSTOMER", "fileName",
                markers.get(6), "size", 10, "sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b"
                        + "2b0b822cd15d6c15b0f00a08"), rep).expect(200);
        grant(path, "SYSTEM_INFORMATION", customer);
        client.post(path + "/system-information", Map.of("sections", List.of(Map.of("name",
                "Operating system", "values", Map.of("name", markers.get(7))))), customer)
                .expect(200);
        client.post(path + "/end", Map.of("reason", markers.get(8)), customer).expect(200);
        demo.awaitLogTypes(lsid, rep, Duration.ofSeconds(20));
        return new Markers(lsid, markers);
    }

    @Test
    void contentIsStoredEncryptedYetHandlersSeeItInClear() {
        Markers session = sessionWithContent();

        for (String marker : session.all()) {
            assertThat(superuser.queryForObject("SELECT count(*) FROM domainevententry WHERE"
                    + " position(convert_to(?, 'UTF8') IN payload) > 0"
                    + " OR position(convert_to(?, 'UTF8') IN metadata) > 0", Long.class,
                    marker, marker)).as("raw events holding %s", marker).isZero();
        }
        String log = client.get("/api/sessions/" + session.lsid() + "/log.txt", rep)
                .expect(200).body();
        assertThat(log).contains(session.all().subList(0, 7)).contains(session.all().get(8));
        assertThat(superuser.queryForObject("SELECT count(*) FROM session_data_key"
                + " WHERE lsid = ? AND wrapped_key IS NOT NULL", Long.class, session.lsid()))
                .isOne();
    }

    @Test
    void expiredContentCanNeverBeReadAgainWhileTheChainStillVerifies() {
        Markers session = sessionWithContent();
        setPolicy("P1D");
        Instant ended = endedAt(session.lsid());
        long events = eventCount(session.lsid());

        job.expireDue(ended.plus(Duration.ofDays(1)).minusMillis(1));
        assertThat(expiries(session.lsid())).as("a millisecond early").isZero();
        job.expireDue(ended.plus(Duration.ofDays(1)));
        assertThat(expiries(session.lsid())).isOne();

        assertThat(eventCount(session.lsid())).as("events kept, one added").isEqualTo(events + 1);
        assertThat(superuser.queryForObject("SELECT wrapped_key IS NULL AND destroyed_at IS NOT"
                + " NULL FROM session_data_key WHERE lsid = ?", Boolean.class, session.lsid()))
                .isTrue();
        await("the log drops the content", Duration.ofSeconds(20), () -> client.get(
                "/api/sessions/" + session.lsid() + "/log.txt", rep).body()
                .contains("retention.expired"));
        String log = client.get("/api/sessions/" + session.lsid() + "/log.txt", rep).body();
        // What happened stays; each line made from content goes, the end's reason with it.
        assertThat(log).contains("session.rep.joined", "session.permission.granted",
                "content expired under retention.session-logs = PT24H (ended " + ended)
                .doesNotContain("session.chat", "session.requested", "session.ended");
        session.all().forEach(marker -> assertThat(log).doesNotContain(marker));
        await("the list drops the customer's details", Duration.ofSeconds(20), () -> client
                .get("/api/sessions/" + session.lsid(), rep).json().hasNonNull(
                        "contentExpiredAt"));
        JsonNode listed = client.get("/api/sessions/" + session.lsid(), rep).json();
        assertThat(listed.get("customerName").isNull()).isTrue();
        assertThat(listed.get("company").isNull()).isTrue();
        assertThat(listed.get("endedAt").asText()).isNotEmpty();

        AuditTool.Run verify = audit().run("verify", "--lsid", session.lsid());
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        AuditTool.Run replay = audit().run("replay", "--lsid", session.lsid(), "--as-of",
                ended.toString());
        assertThat(replay.exit()).isZero();
        assertThat(replay.out()).contains(SensitiveFields.EXPIRED);
        session.all().forEach(marker -> assertThat(replay.out()).doesNotContain(marker));

        assertThatThrownBy(() -> jdbc.update("UPDATE session_data_key SET wrapped_key ="
                + " '\\x00'::bytea, destroyed_at = NULL WHERE lsid = ?", session.lsid()))
                .as("a destroyed key is never written back").rootCause()
                .hasMessageContaining("only ever destroyed");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM access_token WHERE lsid = ?",
                Long.class, session.lsid())).as("tokens naming the customer").isZero();
        assertThatThrownBy(() -> jdbc.update("DELETE FROM session_data_key WHERE lsid = ?",
                session.lsid())).rootCause().hasMessageContaining("permission denied");
        client.post("/api/sessions/" + session.lsid() + "/legal-hold",
                Map.of("reason", "too late"), admin).expect(409);
    }

    @Test
    void aHeldSessionDoesNotExpireUntilItsHoldIsReleased() {
        Markers session = sessionWithContent();
        String hold = "/api/sessions/" + session.lsid() + "/legal-hold";
        setPolicy("P1D");
        Instant muchLater = endedAt(session.lsid()).plus(Duration.ofDays(3650));

        client.post(hold, Map.of("reason", "case 4711"), rep).expect(403);
        client.post(hold, Map.of("reason", "case 4711"), null).expect(401);
        client.post(hold, Map.of(), admin).expect(400);
        client.post("/api/sessions/" + "f".repeat(32) + "/legal-hold",
                Map.of("reason", "case 4711"), admin).expect(404);
        client.post(hold + "/release", Map.of("reason", "nothing held"), admin).expect(409);
        long before = eventCount(session.lsid());
        client.post(hold, Map.of("reason", "case 4711"), admin).expect(200);
        client.post(hold, Map.of("reason", "case 4711"), admin).expect(409);
        assertThat(eventCount(session.lsid())).isEqualTo(before + 1);

        job.expireDue(muchLater);
        assertThat(expiries(session.lsid())).as("held").isZero();

        client.post(hold + "/release", Map.of("reason", "case closed"), rep).expect(403);
        client.post(hold + "/release", Map.of("reason", "case closed"), admin).expect(200);
        await("the schedule sees the release", Duration.ofSeconds(20), () -> Boolean.FALSE
                .equals(jdbc.queryForObject("SELECT legal_hold FROM retention_schedule"
                        + " WHERE lsid = ?", Boolean.class, session.lsid())));
        job.expireDue(muchLater);
        assertThat(expiries(session.lsid())).isOne();
        // The session log is a projection of its own, which may trail the schedule's.
        await("the log shows the hold and its release", Duration.ofSeconds(20), () -> client
                .get("/api/sessions/" + session.lsid() + "/log.txt", rep).body()
                .contains("admin released the legal hold: case closed"));
        String log = client.get("/api/sessions/" + session.lsid() + "/log.txt", rep).body();
        assertThat(log).contains("admin placed a legal hold: case 4711",
                "admin released the legal hold: case closed");
    }

    @Test
    void twoNodesRunningTheJobExpireEachSessionOnce() throws Exception {
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            sessions.add(sessionWithContent().lsid());
        }
        setPolicy("P1D");
        String last = sessions.get(sessions.size() - 1);
        await("the schedule holds every end", Duration.ofSeconds(20), () -> jdbc.queryForObject(
                "SELECT count(*) FROM retention_schedule WHERE lsid = ? AND ended_at IS NOT"
                        + " NULL", Long.class, last) == 1);
        RetentionJob other = secondNode().getBean(RetentionJob.class);
        Instant now = endedAt(last).plus(Duration.ofDays(1));

        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Callable<RetentionJob.Run>> runs = List.of(() -> job.expireDue(now),
                    () -> other.expireDue(now));
            for (Future<RetentionJob.Run> run : threads.invokeAll(runs)) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        for (String lsid : sessions) {
            assertThat(expiries(lsid)).as("expiries of %s", lsid).isOne();
        }
    }

    @Test
    void anExpiryDueInTheRepeatedHourComesExactlyAtEndPlusPolicy() {
        ZoneId newYork = ZoneId.of("America/New_York");
        assertThat(ZoneId.systemDefault()).as("the test JVM's zone").isEqualTo(newYork);
        Markers session = sessionWithContent();
        Instant ended = endedAt(session.lsid());
        ZoneOffsetTransition fallBack = newYork.getRules().nextTransition(ended);
        while (!fallBack.isOverlap()) {
            fallBack = newYork.getRules().nextTransition(fallBack.getInstant());
        }
        // 01:30 the second time round: the clocks went back at 02:00 EDT to 01:00 EST.
        Instant due = fallBack.getInstant().plus(Duration.ofMinutes(30));
        LocalDateTime wallClock = LocalDateTime.ofInstant(due, newYork);
        assertThat(wallClock.getHour()).isEqualTo(1);
        assertThat(newYork.getRules().getValidOffsets(wallClock)).hasSize(2);
        Duration policy = Duration.between(ended, due);
        setPolicy(policy.toString());

        job.expireDue(due.minusMillis(1));
        assertThat(expiries(session.lsid())).isZero();
        job.expireDue(due);
        assertThat(expiries(session.lsid())).isOne();

        JsonNode expiry = jsonOf(jdbc.queryForObject("SELECT convert_from(payload, 'UTF8')"
                + " FROM domainevententry WHERE aggregateidentifier = ? AND payloadtype = ?",
                String.class, session.lsid(), EXPIRED_TYPE));
        assertThat(Instant.parse(expiry.get("dueAt").asText())).isEqualTo(due);
        assertThat(Instant.parse(expiry.get("endedAt").asText())).isEqualTo(ended);
        assertThat(expiry.get("policy").asText()).isEqualTo(policy.toString());
    }

    @Test
    void aPolicyIsAPositiveDurationOfAtMostTenYears() {
        for (String bad : List.of("P3M", "P1Y", "90 days", "PT0S", "-P1D", "P3651D",
                "PT" + "0".repeat(70) + "1S")) {
            long before = eventCount();
            client.put("/api/configuration/retention.session-logs", Map.of("value", bad), admin)
                    .expect(400);
            assertThat(eventCount()).as(bad).isEqualTo(before);
        }
        client.put("/api/configuration/retention.session-logs", Map.of("value", "P90D"), rep)
                .expect(403);
    }

    @Test
    void aNodeWithAnotherMasterKeyRefusesToStart() {
        sessionWithContent();
        String otherKey = System.getProperty("java.io.tmpdir") + "/another-master-"
                + System.nanoTime() + ".key";

        assertThatThrownBy(() -> secondNode(postgres.getPort(),
                "--sightline.encryption.master-key-file=" + otherKey).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("This site's session keys are wrapped by master key")
                .hasMessageContaining("Configure the master key this site was started with");
        assertThat(Path.of(otherKey)).as("the key file made at that start is removed again")
                .doesNotExist();
    }

    /** The job reads the policy from the event store: it applies as soon as it is stored. */
    private void setPolicy(String value) {
        var answer = client.put("/api/configuration/retention.session-logs",
                Map.of("value", value), admin);
        assertThat(answer.status() == 200 || (answer.status() == 409
                && answer.body().contains("has that value already"))).as(answer.body()).isTrue();
        assertThat(job.policy()).isEqualTo(Duration.parse(value));
    }

    private Instant endedAt(String lsid) {
        return Instant.parse(jdbc.queryForObject("SELECT timestamp FROM domainevententry"
                + " WHERE aggregateidentifier = ? AND payloadtype ="
                + " 'org.sightline.contracts.session.SessionEnded'", String.class, lsid));
    }

    private long expiries(String lsid) {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry"
                + " WHERE aggregateidentifier = ? AND payloadtype = ?", Long.class, lsid,
                EXPIRED_TYPE);
    }

    private AuditTool audit() {
        return new AuditTool(postgres.getPort());
    }

    private ConfigurableApplicationContext secondNode() {
        if (second == null) {
            second = secondNode(postgres.getPort(), "--sightline.retention.check-interval=PT1H");
        }
        return second;
    }

    private void grant(String path, String kind, String customer) {
        int number = client.post(path + "/permission-requests", Map.of("kind", kind), rep)
                .expect(201).json().get("requestNumber").asInt();
        client.post(path + "/permission-requests/" + number + "/answer",
                Map.of("granted", true), customer).expect(200);
    }

    private static JsonNode jsonOf(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
