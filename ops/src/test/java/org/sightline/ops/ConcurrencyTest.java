package org.sightline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.sightline.ops.demo.DemoSession;
import org.sightline.ops.demo.SightlineClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two commands on one LSID at once, from two threads of one instance and from two instances
 * on one database: exactly one wins, the other gets 409, never 500, and one event is stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrencyTest extends SightlineIntegrationTest {

    private static final int ROUNDS = 15;

    @Autowired
    EmbeddedPostgres postgres;

    private ConfigurableApplicationContext second;
    private SightlineClient secondClient;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @BeforeAll
    void startASecondInstanceOnTheSameDatabase() {
        second = secondNode(postgres.getPort());
        int port = ((WebServerApplicationContext) second).getWebServer().getPort();
        secondClient = new SightlineClient(URI.create("http://127.0.0.1:" + port));
    }

    @AfterAll
    void stopTheSecondInstance() throws InterruptedException {
        threads.shutdown();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        if (second != null) {
            second.close();
        }
    }

    @Test
    void twoThreadsEndingOneSessionGiveOneWinnerAndOneConflict() throws Exception {
        String rep = newRep("race-threads");
        for (int round = 0; round < ROUNDS; round++) {
            DemoSession.Opened session = demo.requestSupport("Quinn Customer");
            String end = "/api/sessions/" + session.lsid() + "/end";
            client.post("/api/sessions/" + session.lsid() + "/join", null, rep).expect(200);

            List<Integer> statuses = race(() -> client.post(end, null, rep).status(),
                    () -> client.post(end, null, session.customerToken()).status());

            assertThat(statuses).containsExactlyInAnyOrder(200, 409);
            assertThat(endedEvents(session.lsid())).isEqualTo(1);
        }
    }

    @Test
    void twoInstancesEndingOneSessionGiveOneWinnerAndOneConflict() throws Exception {
        String rep = newRep("race-instances");
        for (int round = 0; round < ROUNDS; round++) {
            DemoSession.Opened session = demo.requestSupport("Rae Customer");
            String end = "/api/sessions/" + session.lsid() + "/end";
            client.post("/api/sessions/" + session.lsid() + "/join", null, rep).expect(200);

            List<Integer> statuses = race(() -> client.post(end, null, rep).status(),
                    () -> secondClient.post(end, null, session.customerToken()).status());

            assertThat(statuses).containsExactlyInAnyOrder(200, 409);
            assertThat(endedEvents(session.lsid())).isEqualTo(1);
        }
    }

    @Test
    void chatLinesSentToTwoInstancesAtOnceAreAllStored() throws Exception {
        String rep = newRep("race-chat");
        DemoSession.Opened session = demo.requestSupport("Sam Customer");
        String chat = "/api/sessions/" + session.lsid() + "/chat";
        client.post("/api/sessions/" + session.lsid() + "/join", null, rep).expect(200);

        for (int round = 0; round < ROUNDS; round++) {
            String line = "line " + round;
            List<Integer> statuses = race(
                    () -> client.post(chat, Map.of("text", line + " rep"), rep).status(),
                    () -> secondClient.post(chat, Map.of("text", line + " customer"),
                            session.customerToken()).status());

            assertThat(statuses).containsExactly(200, 200);
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry"
                + " WHERE aggregateidentifier = ? AND payloadtype LIKE '%ChatMessagePosted'",
                Long.class, session.lsid())).isEqualTo(2L * ROUNDS);
    }

    /**
     * Each node decides on the session as stored, not as it last saw it: a node that saw the
     * rep join and take control must learn of the leave and the give-back another node took.
     */
    @Test
    void aNodeDecidesOnTheSessionAsStoredNotAsItLastSawIt() {
        String rep = newRep("stale-rep");
        DemoSession.Opened session = demo.requestSupport("Stella Customer");
        String path = "/api/sessions/" + session.lsid();
        String customer = session.customerToken();
        client.post(path + "/join", null, rep).expect(200);
        for (String kind : List.of("VIEW_SCREEN", "CONTROL")) {
            int number = client.post(path + "/permission-requests", Map.of("kind", kind), rep)
                    .expect(201).json().get("requestNumber").asInt();
            client.post(path + "/permission-requests/" + number + "/answer",
                    Map.of("granted", true), customer).expect(200);
        }
        // The second node loads the session, and so keeps a copy of it.
        secondClient.post(path + "/chat", Map.of("text", "can you see it?"), customer)
                .expect(200);

        client.post(path + "/control", null, rep).expect(200);
        assertThat(secondClient.delete(path + "/control", customer).status())
                .as("the customer takes control back through the node that saw no grant")
                .isEqualTo(200);

        client.post(path + "/leave", null, rep).expect(200);
        assertProblem(secondClient.post(path + "/relay-token", null, rep), 403,
                "does not take part");
        client.post(path + "/end", Map.of("reason", "done"), customer).expect(200);
        assertThat(secondClient.post(path + "/relay-token", null, customer).status())
                .as("a publisher token for an ended session").isEqualTo(409);
    }

    /**
     * Events of many sessions commit out of the order of their positions; the processors fill
     * those gaps afterwards. Every event must still reach the session log, under its own
     * position (a gap-filling event once took a later event's position and was dropped).
     */
    @Test
    void commandsOnManySessionsAtOnceAllReachTheSessionLog() throws Exception {
        String rep = newRep("race-many");
        List<String> lsids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            DemoSession.Opened session = demo.requestSupport("Busy Customer " + i);
            client.post("/api/sessions/" + session.lsid() + "/join", null, rep).expect(200);
            lsids.add(session.lsid());
        }
        ExecutorService senders = Executors.newFixedThreadPool(lsids.size());
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (String lsid : lsids) {
                sent.add(senders.submit(() -> {
                    for (int line = 0; line < 20; line++) {
                        (line % 2 == 0 ? client : secondClient).post("/api/sessions/" + lsid
                                + "/chat", Map.of("text", "line " + line), rep).expect(200);
                    }
                }));
            }
            for (Future<?> done : sent) {
                done.get(2, TimeUnit.MINUTES);
            }
        } finally {
            senders.shutdownNow();
        }
        String[] all = lsids.toArray(String[]::new);
        long stored = jdbc.queryForObject("SELECT count(*) FROM domainevententry"
                + " WHERE aggregateidentifier = ANY (?)", Long.class, (Object) all);
        assertThat(stored).isEqualTo(10L * (2 + 20));
        await("every event is in the session log", java.time.Duration.ofSeconds(30),
                () -> jdbc.queryForObject("SELECT count(*) FROM session_log WHERE lsid = ANY (?)",
                        Long.class, (Object) all) == stored);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM session_log l JOIN domainevententry e"
                + " ON e.globalindex = l.global_index WHERE l.lsid = ANY (?)"
                + " AND e.aggregateidentifier = l.lsid", Long.class, (Object) all))
                .as("each row under its own event's position").isEqualTo(stored);
    }

    @Test
    void twoAdminsMakingOneAccountAtOnceMakeItOnce() throws Exception {
        String admin = admin();
        String name = "racer-" + System.nanoTime() % 100_000;

        List<Integer> statuses = race(
                () -> client.post("/api/accounts", Map.of("account", name, "role", "REP",
                        "password", "racer-password-1", "teams", List.of("general")), admin)
                        .status(),
                () -> secondClient.post("/api/accounts", Map.of("account", name, "role",
                        "ADMIN", "password", "racer-password-2"), admin).status());

        assertThat(statuses).containsExactlyInAnyOrder(201, 409);
        List<String> recorded = jdbc.queryForList("SELECT convert_from(payload, 'UTF8')"
                + " FROM domainevententry WHERE payloadtype LIKE '%ConfigurationChanged'"
                + " AND position(? IN convert_from(payload, 'UTF8')) > 0", String.class,
                "accounts." + name + ".role");
        String role = jdbc.queryForObject("SELECT role FROM account WHERE name = ?",
                String.class, name);
        assertThat(recorded).hasSize(1).allMatch(event -> event.contains(role));
    }

    @Test
    void twoAdminsMakingOneNameInTwoCapitalisationsMakeOneAccountAndRecordOnlyIt()
            throws Exception {
        String admin = admin();
        String name = "case-racer-" + System.nanoTime() % 100_000;
        String shouted = name.toUpperCase(java.util.Locale.ROOT);

        List<Integer> statuses = race(
                () -> client.post("/api/accounts", Map.of("account", name, "role", "AUDITOR",
                        "password", "racer-password-1"), admin).status(),
                () -> secondClient.post("/api/accounts", Map.of("account", shouted, "role",
                        "ADMIN", "password", "racer-password-2"), admin).status());

        assertThat(statuses).containsExactlyInAnyOrder(201, 409);
        String made = jdbc.queryForObject("SELECT name FROM account WHERE lower(name) = ?",
                String.class, name);
        List<String> recorded = jdbc.queryForList("SELECT convert_from(payload, 'UTF8')"
                + " FROM domainevententry WHERE payloadtype LIKE '%ConfigurationChanged'"
                + " AND lower(convert_from(payload, 'UTF8')) LIKE ?", String.class,
                "%accounts." + name + ".%");
        assertThat(recorded).hasSize(1).allMatch(event -> event.contains("accounts." + made));
    }

    private List<Integer> race(Callable<Integer> first, Callable<Integer> second)
            throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        Future<Integer> a = threads.submit(() -> {
            start.await();
            return first.call();
        });
        Future<Integer> b = threads.submit(() -> {
            start.await();
            return second.call();
        });
        List<Integer> statuses = new ArrayList<>();
        statuses.add(a.get(30, TimeUnit.SECONDS));
        statuses.add(b.get(30, TimeUnit.SECONDS));
        return statuses;
    }

    private long endedEvents(String lsid) {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry"
                + " WHERE aggregateidentifier = ? AND payloadtype LIKE '%SessionEnded'",
                Long.class, lsid);
    }
}
