package org.sightline.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sightline.ops.SightlineIntegrationTest.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.sightline.ops.database.EmbeddedPostgresInitializer;
import org.sightline.ops.demo.DemoSession;
import org.sightline.ops.demo.SightlineClient;
import org.sightline.ops.demo.SightlineClient.Response;
import org.sightline.ops.relay.RelaySocket;
import org.sightline.relay.Frame;
import org.sightline.relay.FrameKind;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A site split by {@code sightline.roles} as the Kubernetes manifests split it: one node of
 * each role on a database of their own, and no node doing everything. Whatever a user does
 * must work as on one node (the web node takes the commands, the processing node builds what
 * the web node shows, the relay node relays with the control the web node granted), and each
 * node refuses what its roles do not serve.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RolesTest {

    private static final String ADMIN_PASSWORD = "roles-admin-password";
    private static final Duration PROJECTED = Duration.ofSeconds(30);

    private Path keys;
    private EmbeddedPostgres postgres;
    private NodeProcess web;
    private NodeProcess relay;
    private NodeProcess processing;
    private JdbcTemplate jdbc;
    private SightlineClient client;
    private DemoSession demo;

    /**
     * Every node is a process of its own, as in a cluster, so that the test can kill one,
     * and so that stopping them leaves the rest of this JVM's tests alone.
     */
    @BeforeAll
    void startOneNodePerRole() throws Exception {
        keys = Files.createTempDirectory("sightline-roles-");
        postgres = EmbeddedPostgres.builder().start();
        EmbeddedPostgresInitializer.createRolesAndDatabase(postgres);
        jdbc = new JdbcTemplate(postgres.getDatabase("postgres", "sightline"));
        // The web node migrates the schema and makes the admin; the others start together.
        web = start("web", "--sightline.bootstrap.admin-password=" + ADMIN_PASSWORD);
        CompletableFuture<NodeProcess> relayStarting =
                CompletableFuture.supplyAsync(() -> start("relay"));
        processing = start("processing");
        relay = relayStarting.join();
        client = new SightlineClient(URI.create("http://127.0.0.1:" + web.port()));
        demo = new DemoSession(client);
    }

    @AfterAll
    void stopTheNodes() throws Exception {
        for (NodeProcess node : java.util.Arrays.asList(relay, processing, web)) {
            if (node != null) {
                node.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private NodeProcess start(String roles, String... more) {
        try {
            return NodeProcess.start(arguments(roles, more),
                    keys.resolve(roles + "-" + System.nanoTime() + ".log"));
        } catch (Exception e) {
            throw new IllegalStateException("the " + roles + " node did not start", e);
        }
    }

    /** A node's arguments: the test database, the shared keys, these roles. */
    private List<String> arguments(String roles, String... more) {
        String url = "localhost:" + postgres.getPort() + "/sightline";
        List<String> arguments = new ArrayList<>(List.of("--sightline.roles=" + roles,
                "--spring.datasource.url=jdbc:postgresql://" + url,
                "--spring.datasource.username=sightline_app",
                "--spring.r2dbc.url=r2dbc:postgresql://" + url,
                "--spring.r2dbc.username=sightline_app",
                "--sightline.database.owner-username=sightline_owner",
                "--server.address=127.0.0.1", "--sightline.tls.enabled=false",
                "--sightline.audit.signing-key-file=" + keys.resolve("checkpoint-key.pem"),
                "--sightline.encryption.master-key-file=" + keys.resolve("master.key"),
                "--sightline.relay.token-key-file=" + keys.resolve("relay-token.key"),
                "--sightline.relay.recordings-directory=" + keys.resolve("recordings")));
        arguments.addAll(List.of(more));
        return arguments;
    }

    /** The tracking processors a node runs, as its management port's health lists them. */
    private static Set<String> trackingProcessors(NodeProcess node) {
        Set<String> names = new TreeSet<>();
        Response health = node.management("/actuator/health");
        health.json().at("/components/trackingProcessors/details").fieldNames()
                .forEachRemaining(names::add);
        return names;
    }

    @Test
    void eachNodeRunsTheConsumersOfItsRoleAndNoOthers() {
        assertThat(trackingProcessors(web)).isEmpty();
        assertThat(trackingProcessors(relay))
                .containsExactly("recording-retention", "relay-control");
        assertThat(trackingProcessors(processing))
                .containsExactly("checkpoints", "retention", "session-list", "session-log");
    }

    @Test
    void aWholeSessionThroughTheWebNodeIsProjectedByTheProcessingNode() {
        String rep = demo.signInNewRep(ADMIN_PASSWORD, "roles-rep", "roles-rep-password");
        DemoSession.Opened opened = demo.requestSupport("Rolf Customer");
        await("the queue, built by the processing node, shows the request", PROJECTED,
                () -> client.get("/api/queue", rep).body().contains(opened.lsid()));

        String lsid = demo.play(opened, rep);

        assertThat(demo.awaitLogTypes(lsid, rep, PROJECTED))
                .contains("session.rep.joined", "session.chat", "session.control.given",
                        "session.ended");
    }

    @Test
    void theRelayNodeRelaysWithTheControlGrantedThroughTheWebNode() throws Exception {
        String rep = demo.signInNewRep(ADMIN_PASSWORD, "roles-viewer", "roles-rep-password");
        DemoSession.Opened opened = demo.requestSupport("Vera Customer");
        String path = "/api/sessions/" + opened.lsid();
        client.post(path + "/join", null, rep).expect(200);
        grant(path, "VIEW_SCREEN", rep, opened.customerToken());
        grant(path, "CONTROL", rep, opened.customerToken());
        String relayPath = "/relay/sessions/" + opened.lsid();

        try (RelaySocket customer = RelaySocket.connect(relay.port(), relayPath + "/publish",
                relayToken(path, opened.customerToken()));
                RelaySocket viewer = RelaySocket.connect(relay.port(), relayPath + "/view",
                        relayToken(path, rep))) {
            customer.send(frame(FrameKind.SCREEN_KEY, 1, new byte[] {1, 2, 3}));
            assertThat(next(viewer, FrameKind.SCREEN_KEY)).isNotNull();

            client.post(path + "/control", null, rep).expect(200);
            // The relay node learns of the grant from the store; until then input is dropped.
            await("the rep's input reaches the customer through the relay node", PROJECTED,
                    () -> {
                        viewer.send(frame(FrameKind.INPUT, 2,
                                "{\"key\":\"a\"}".getBytes(StandardCharsets.UTF_8)));
                        return next(customer, FrameKind.INPUT) != null;
                    });
        }
    }

    @Test
    void afterTheProcessingNodeIsKilledTheCommandsAreKeptAndProjectedWhenOneReturns()
            throws Exception {
        String rep = demo.signInNewRep(ADMIN_PASSWORD, "roles-waiter", "roles-rep-password");
        DemoSession.Opened opened = demo.requestSupport("Otto Customer");
        String path = "/api/sessions/" + opened.lsid();
        client.post(path + "/join", null, rep).expect(200);
        await("the join is projected", PROJECTED,
                () -> logRows(opened.lsid(), "session.rep.joined") == 1);

        processing.kill();
        try {
            client.post(path + "/chat", Map.of("text", "anyone there?"),
                    opened.customerToken()).expect(200);
            sleep(Duration.ofSeconds(3));
            assertThat(logRows(opened.lsid(), "session.chat"))
                    .as("no node builds the session log").isZero();
        } finally {
            processing = start("processing");
        }

        // The killed node's claim on each processor lapses (Axon: 10 s) before this one's.
        await("the next processing node resumes from the position and projects the chat line",
                Duration.ofSeconds(60), () -> logRows(opened.lsid(), "session.chat") == 1);
        assertThat(logRows(opened.lsid(), "session.rep.joined")).as("nothing twice").isEqualTo(1);
    }

    @Test
    void aRebuildAskedOfTheWebNodeIsCarriedOutByTheProcessingNode() {
        jdbc.update("INSERT INTO session_log (global_index, lsid, occurred_at, event_type,"
                + " event_code, actor, line) VALUES (-7, ?, now(), 'forged', 0, 'nobody', 'x')",
                "e".repeat(32));
        String admin = demo.signIn("admin", ADMIN_PASSWORD);
        long newest = newestRequest();

        client.post("/api/admin/read-models/rebuild", null, admin).expect(202);

        await("the processing node marks the request started", PROJECTED,
                () -> outcomesAfter(newest).equals(List.of("admin started")));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM session_log"
                + " WHERE global_index = -7", Long.class)).as("the forged row").isZero();
    }

    @Test
    void withTwoProcessingNodesARebuildIsCarriedOutOnceAndBothGoOn() throws Exception {
        try (NodeProcess second = start("processing")) {
            String admin = demo.signIn("admin", ADMIN_PASSWORD);
            jdbc.update("INSERT INTO session_log (global_index, lsid, occurred_at, event_type,"
                    + " event_code, actor, line) VALUES (-8, ?, now(), 'forged', 0, 'nobody',"
                    + " 'x')", "d".repeat(32));
            long newest = newestRequest();

            client.post("/api/admin/read-models/rebuild", null, admin).expect(202);

            await("the rebuild is started once", PROJECTED,
                    () -> outcomesAfter(newest).equals(List.of("admin started")));
            await("the forged row is gone", PROJECTED, () -> jdbc.queryForObject(
                    "SELECT count(*) FROM session_log WHERE global_index = -8", Long.class) == 0);
            for (NodeProcess node : List.of(processing, second)) {
                await("node " + node.port() + " runs its read models again", PROJECTED,
                        () -> node.management("/actuator/health").json()
                                .at("/components/trackingProcessors/details").toString()
                                .matches("\\{(\"[a-z-]+\":\"running\",?)+}"));
                assertThat(new SightlineClient(URI.create("http://127.0.0.1:" + node.port()))
                        .get("/readyz", null).status()).isEqualTo(200);
            }
            String rep = demo.signInNewRep(ADMIN_PASSWORD, "roles-after", "roles-rep-password");
            DemoSession.Opened opened = demo.requestSupport("After Customer");
            assertThat(demo.awaitLogTypes(demo.play(opened, rep), rep, PROJECTED))
                    .as("the log goes on after the rebuild").contains("session.ended");
        }
    }

    @Test
    void eachNodeRefusesWhatItsRolesDoNotServeAndIsReady() {
        for (int port : List.of(web.port(), relay.port(), processing.port())) {
            SightlineClient nodeClient =
                    new SightlineClient(URI.create("http://127.0.0.1:" + port));
            assertThat(nodeClient.get("/livez", null).status()).isEqualTo(200);
            // A rebuild (another test) stops the processors for a moment.
            await("node " + port + " is ready", PROJECTED,
                    () -> nodeClient.get("/readyz", null).status() == 200);
            if (port != web.port()) {
                assertNotServed(nodeClient.get("/api/portal", null), "nor the API");
                assertNotServed(nodeClient.get("/", null), "nor the API");
                assertNotServed(nodeClient.post("/api/sessions", Map.of("queue", "general",
                        "customerName", "Nobody"), null), "nor the API");
            }
            if (port != relay.port()) {
                assertNotServed(nodeClient.get("/relay/sessions/" + "a".repeat(32)
                        + "/view?token=x", null), "relays no screens");
            }
        }
        assertThat(client.get("/api/portal", null).status()).isEqualTo(200);
    }

    @Test
    void aRoleThatDoesNotExistOrNoRoleStopsTheStart() throws Exception {
        NodeProcess.Ended wrong = NodeProcess.run(arguments("web,sightseeing"));
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.output()).contains(
                "sightline.roles names \"sightseeing\", which is not a role; the roles are"
                        + " web,relay,processing");
        NodeProcess.Ended none = NodeProcess.run(arguments(" , "));
        assertThat(none.exitCode()).isNotZero();
        assertThat(none.output()).contains("sightline.roles names no role");
        // The list form is read too, and checked the same way.
        List<String> listed = new ArrayList<>(arguments("web"));
        listed.removeIf(argument -> argument.startsWith("--sightline.roles="));
        listed.addAll(List.of("--sightline.roles[0]=relay", "--sightline.roles[1]=sightseeing"));
        NodeProcess.Ended wrongInAList = NodeProcess.run(listed);
        assertThat(wrongInAList.exitCode()).isNotZero();
        assertThat(wrongInAList.output()).contains("\"sightseeing\", which is not a role");
    }

    private static void assertNotServed(Response answer, String detail) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(404);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("type").asText())
                .isEqualTo("urn:sightline:problem:role-not-served");
        assertThat(answer.json().get("detail").asText()).contains(detail);
    }

    private long newestRequest() {
        return jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM read_model_rebuild",
                Long.class);
    }

    /** Who asked for each later rebuild, and how it went (nothing yet: null). */
    private List<String> outcomesAfter(long id) {
        return jdbc.queryForList("SELECT requested_by || ' ' || outcome FROM read_model_rebuild"
                + " WHERE id > ? ORDER BY id", String.class, id);
    }

    private long logRows(String lsid, String typePattern) {
        return jdbc.queryForObject("SELECT count(*) FROM session_log WHERE lsid = ?"
                + " AND event_type LIKE ?", Long.class, lsid, typePattern);
    }

    private void grant(String path, String kind, String rep, String customer) {
        int number = client.post(path + "/permission-requests", Map.of("kind", kind), rep)
                .expect(201).json().get("requestNumber").asInt();
        client.post(path + "/permission-requests/" + number + "/answer",
                Map.of("granted", true), customer).expect(200);
    }

    private String relayToken(String sessionPath, String bearer) {
        return client.post(sessionPath + "/relay-token", null, bearer).expect(200)
                .json().get("token").asText();
    }

    private static Frame frame(FrameKind kind, int sequence, byte[] payload) {
        Instant now = Instant.now();
        return Frame.of(kind, sequence, now.getEpochSecond() * 1_000_000L + now.getNano() / 1000,
                payload);
    }

    /** The next frame of this kind within a second, or null. */
    private static Frame next(RelaySocket socket, FrameKind kind) {
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        try {
            while (System.nanoTime() < deadline) {
                Frame frame = socket.next(Duration.ofMillis(100));
                if (frame != null && frame.kind() == kind) {
                    return frame;
                }
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void sleep(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A Sightline node in a JVM of its own, which the test can kill outright. */
    private record NodeProcess(Process process, int port, int managementPort, Path log)
            implements AutoCloseable {

        static NodeProcess start(List<String> arguments, Path log) throws Exception {
            int port = TestProcesses.freePort();
            int managementPort = TestProcesses.freePort();
            List<String> command = TestProcesses.sightline("--server.port=" + port,
                    "--management.server.port=" + managementPort,
                    "--management.server.address=127.0.0.1");
            command.addAll(arguments);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            NodeProcess node = new NodeProcess(process, port, managementPort, log);
            SightlineClient client = new SightlineClient(URI.create("http://127.0.0.1:" + port));
            try {
                await("the node in " + log + " answers", Duration.ofSeconds(120), () -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("the node ended; see " + log);
                    }
                    try {
                        return client.get("/livez", null).status() == 200;
                    } catch (java.io.UncheckedIOException notYet) {
                        return false;
                    }
                });
            } catch (AssertionError e) {
                node.kill();
                throw e;
            }
            return node;
        }

        /** What a node that does not start prints and exits with. */
        record Ended(int exitCode, String output) {
        }

        /** Runs a node that is expected to stop by itself (within a minute). */
        static Ended run(List<String> arguments) throws Exception {
            List<String> command = TestProcesses.sightline("--server.port=0",
                    "--management.server.port=-1");
            command.addAll(arguments);
            Path output = Files.createTempFile("sightline-node-", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("the node did not stop by itself:\n"
                        + Files.readString(output));
            }
            return new Ended(process.exitValue(), Files.readString(output));
        }

        Response management(String path) {
            return new SightlineClient(URI.create("http://127.0.0.1:" + managementPort))
                    .get(path, null);
        }

        /** Ends the node as a crash would (SIGKILL), and waits until it is gone. */
        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor();
        }

        /** Stops the node (SIGTERM), and waits for it. */
        @Override
        public void close() throws InterruptedException {
            TestProcesses.stop(process, Duration.ofSeconds(60));
        }
    }
}
