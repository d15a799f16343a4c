package org.sightline.ops.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.sightline.contracts.Lsid;
import org.sightline.ops.SightlineIntegrationTest;
import org.sightline.ops.TestProcesses;
import org.sightline.ops.demo.DemoSession;
import org.sightline.ops.demo.SightlineClient;
import org.sightline.projections.retention.RetentionJob;
import org.sightline.relay.Frame;
import org.sightline.relay.FrameKind;
import org.sightline.relay.RelayHub;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The relay over real WebSocket connections: fan-out in order, a stalled viewer bounded and
 * closed while the rest keep up, input only from the rep holding control, and recordings
 * played back byte for byte from any offset.
 */
@TestPropertySource(properties = {"sightline.test.database=relay",
    "sightline.relay.viewer-queue-bytes=4194304", "sightline.relay.slow-grace=PT10S",
    // Generous, so that a pause of this busy test machine never makes the steady viewer skip.
    "sightline.relay.viewer-lag=PT5S",
    "sightline.relay.segment-bytes=65536",
    "sightline.relay.recordings-directory=${java.io.tmpdir}/relay-test-recordings",
    "sightline.retention.check-interval=PT1H"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelayTest extends SightlineIntegrationTest {

    private static final long QUEUE_BYTES = 4 << 20;

    @Autowired
    RelayHub hub;

    @Autowired
    EmbeddedPostgres postgres;

    @Autowired
    RetentionJob retention;

    private String alice;
    private String bob;
    private String aliceName;
    private String bobName;

    /** A running session with two reps who may view the screen. */
    private record Watched(String lsid, String customer) {
    }

    @BeforeEach
    void reps() {
        if (alice == null) {
            aliceName = "relay-alice";
            bobName = "relay-bob";
            alice = newRep(aliceName);
            bob = newRep(bobName);
        }
    }

    private Watched watchedSession() {
        DemoSession.Opened opened = demo.requestSupport("Rita Customer");
        String path = "/api/sessions/" + opened.lsid();
        for (String rep : List.of(alice, bob)) {
            client.post(path + "/join", null, rep).expect(200);
            grant(path, "VIEW_SCREEN", rep, opened.customerToken());
        }
        return new Watched(opened.lsid(), opened.customerToken());
    }

    @Test
    void framesReachEveryViewerInOrder() throws Exception {
        Watched session = watchedSession();
        try (RelaySocket publisher = publisher(session);
                RelaySocket first = viewer(session, alice);
                RelaySocket second = viewer(session, bob)) {
            List<Frame> sent = new ArrayList<>();
            for (int i = 1; i <= 60; i++) {
                Frame frame = screen(i, i % 20 == 1, 1024 + i);
                sent.add(frame);
                publisher.send(frame);
            }
            for (RelaySocket viewer : List.of(first, second)) {
                List<Frame> screen = screenFrames(viewer, sent.size(), Duration.ofSeconds(20));
                assertThat(screen).extracting(Frame::sequence)
                        .containsExactlyElementsOf(sent.stream().map(Frame::sequence).toList());
                for (int i = 0; i < sent.size(); i++) {
                    assertThat(screen.get(i).bytes()).isEqualTo(sent.get(i).bytes());
                }
            }
        }
    }

    @Test
    void onlyTheRightTokensOpenTheRelay() throws Exception {
        Watched session = watchedSession();
        String outsider = newRep("relay-outsider");
        String path = "/api/sessions/" + session.lsid() + "/relay-token";

        client.post(path, null, outsider).expect(403);
        client.post(path, null, null).expect(401);
        DemoSession.Opened other = demo.requestSupport("Other Customer");
        client.post(path, null, other.customerToken()).expect(403);
        String carol = newRep("relay-carol");
        client.post("/api/sessions/" + session.lsid() + "/join", null, carol).expect(200);
        client.post(path, null, carol).expect(409); // not granted screen viewing

        String viewerToken = token(session.lsid(), alice);
        String publish = "/relay/sessions/" + session.lsid() + "/publish";
        assertThat(closeCode(publish, viewerToken)).isEqualTo(4001);
        assertThat(closeCode(publish, viewerToken + "x")).isEqualTo(4001);
        assertThat(closeCode("/relay/sessions/" + other.lsid() + "/view", viewerToken))
                .isEqualTo(4001);
        assertThat(closeCode(publish, "")).isEqualTo(4001);
    }

    @Test
    void aTokenDoesNotOutliveWhatItWasIssuedFor() throws Exception {
        Watched session = watchedSession();
        String dotted = newRep("relay.dotted");
        String path = "/api/sessions/" + session.lsid();
        client.post(path + "/join", null, dotted).expect(200);
        grant(path, "VIEW_SCREEN", dotted, session.customer());
        String dottedToken = token(session.lsid(), dotted);
        String bobToken = token(session.lsid(), bob);
        String publisherToken = token(session.lsid(), session.customer());
        String view = "/relay/sessions/" + session.lsid() + "/view";
        String publish = "/relay/sessions/" + session.lsid() + "/publish";

        try (RelaySocket first = RelaySocket.connect(port(), publish, publisherToken);
                RelaySocket dottedView = RelaySocket.connect(port(), view, dottedToken)) {
            assertThat(controlHolder(dottedView)).as("a name with dots views").isEqualTo("null");
            try (RelaySocket second = RelaySocket.connect(port(), publish, publisherToken)) {
                assertThat(first.closed.get(5, TimeUnit.SECONDS))
                        .as("the customer's new connection replaces the old").isEqualTo(4009);
            }
        }

        client.post(path + "/leave", null, bob).expect(200);
        assertThat(closeCode(view, bobToken)).as("bob left: his earlier token no longer views")
                .isEqualTo(4003);
        client.post(path + "/end", null, alice).expect(200);
        assertThat(closeCode(publish, publisherToken)).as("after the end").isEqualTo(4003);
        assertThat(closeCode(view, dottedToken)).isEqualTo(4003);
    }

    @Test
    void aStalledViewerIsBoundedSkippedAndClosedWhileTheOthersKeepUp() throws Exception {
        Watched session = watchedSession();
        int fps = 30;
        int seconds = 60;
        int frames = fps * seconds;
        try (RelaySocket publisher = publisher(session);
                RelaySocket stalled = RelaySocket.connect(port(), "/relay/sessions/"
                        + session.lsid() + "/view", token(session.lsid(), bob), true, false);
                RelaySocket steady = RelaySocket.connect(port(), "/relay/sessions/"
                        + session.lsid() + "/view", token(session.lsid(), alice), false,
                        false)) {
            Thread.sleep(200);
            long started = System.nanoTime();
            for (int i = 1; i <= frames; i++) {
                publisher.send(screen(i, i % fps == 1, 200 * 1024));
                long due = started + i * 1_000_000_000L / fps;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            double sendingSeconds = (System.nanoTime() - started) / 1e9;

            await("the relay closes the stalled viewer", Duration.ofSeconds(5),
                    () -> hub.closeCode(Lsid.parse(session.lsid()), bobName).isPresent());
            assertThat(hub.closeCode(Lsid.parse(session.lsid()), bobName)).as("close code")
                    .contains(4008);
            assertThat(hub.peakQueueBytes(Lsid.parse(session.lsid()), bobName))
                    .as("bytes ever queued for the stalled viewer")
                    .isGreaterThan(QUEUE_BYTES / 2)
                    .isLessThanOrEqualTo(QUEUE_BYTES + 64 * 1024);
            assertThat(sendingSeconds).as("the publisher is not slowed")
                    .isLessThan(seconds * 1.15);
            List<Frame> steadyFrames = screenFrames(steady, frames, Duration.ofSeconds(30));
            assertThat(steadyFrames).extracting(Frame::sequence).as("every frame, in order")
                    .containsExactlyElementsOf(sequences(1, frames));
        }
    }

    @Test
    void inputReachesTheCustomerOnlyFromTheRepHoldingControl() throws Exception {
        Watched session = watchedSession();
        String path = "/api/sessions/" + session.lsid();
        grant(path, "CONTROL", alice, session.customer());
        try (RelaySocket publisher = publisher(session);
                RelaySocket aliceView = viewer(session, alice);
                RelaySocket bobView = viewer(session, bob)) {
            assertThat(controlHolder(publisher)).isEqualTo("null");

            aliceView.send(input(1));
            assertThat(screenOrInput(publisher, Duration.ofMillis(700))).as("no control yet")
                    .isNull();
            await("the dropped input is recorded", Duration.ofSeconds(10),
                    () -> droppedInputEvents(session.lsid()) == 1);

            client.post(path + "/control", null, alice).expect(200);
            assertThat(controlHolder(publisher)).isEqualTo("\"" + aliceName + "\"");
            Frame allowed = input(2);
            aliceView.send(allowed);
            Frame arrived = screenOrInput(publisher, Duration.ofSeconds(5));
            assertThat(arrived).isNotNull();
            assertThat(arrived.bytes()).isEqualTo(allowed.bytes());
            bobView.send(input(3));
            assertThat(screenOrInput(publisher, Duration.ofMillis(700))).as("bob has none")
                    .isNull();

            client.delete(path + "/control", session.customer()).expect(200);
            assertThat(controlHolder(publisher)).isEqualTo("null");
            aliceView.send(input(4));
            assertThat(screenOrInput(publisher, Duration.ofMillis(700))).as("taken back")
                    .isNull();
        }
        await("every burst of dropped input is recorded when the viewers go",
                Duration.ofSeconds(10), () -> droppedInputEvents(session.lsid()) == 3);
    }

    @Test
    void controlGivenAndTakenBackThroughAnotherNodeReachesThisNodesRelay() throws Exception {
        Watched session = watchedSession();
        String path = "/api/sessions/" + session.lsid();
        grant(path, "CONTROL", alice, session.customer());
        try (var other = secondNode(postgres.getPort(),
                    "--sightline.retention.check-interval=PT1H");
                RelaySocket publisher = publisher(session);
                RelaySocket aliceView = viewer(session, alice)) {
            SightlineClient otherNode = new SightlineClient(URI.create("http://127.0.0.1:"
                    + ((WebServerApplicationContext) other).getWebServer().getPort()));
            assertThat(controlHolder(publisher)).isEqualTo("null");

            otherNode.post(path + "/control", null, alice).expect(200);
            assertThat(controlHolder(publisher)).isEqualTo("\"" + aliceName + "\"");
            Frame allowed = input(1);
            aliceView.send(allowed);
            assertThat(screenOrInput(publisher, Duration.ofSeconds(5))).isNotNull();

            otherNode.delete(path + "/control", session.customer()).expect(200);
            assertThat(controlHolder(publisher)).isEqualTo("null");
            aliceView.send(input(2));
            assertThat(screenOrInput(publisher, Duration.ofMillis(700)))
                    .as("taken back through the other node").isNull();
        }
    }

    @Test
    void withSeveralNodesASessionIsRelayedByOneAndTheOthersRedirectThere() throws Exception {
        int portA = TestProcesses.freePort();
        int portB = TestProcesses.freePort();
        try (var nodeA = relayNode(portA); var nodeB = relayNode(portB)) {
            Watched session = watchedSession();
            try (RelaySocket publisher = RelaySocket.connect(portA, "/relay/sessions/"
                    + session.lsid() + "/publish", token(session.lsid(), session.customer()))) {
                String view = "/relay/sessions/" + session.lsid() + "/view?token="
                        + token(session.lsid(), alice);
                var refused = HttpClient.newHttpClient().newWebSocketBuilder()
                        .buildAsync(URI.create("ws://127.0.0.1:" + portB + view),
                                new WebSocket.Listener() { });
                assertThat(refused).failsWithin(Duration.ofSeconds(10))
                        .withThrowableOfType(ExecutionException.class)
                        .havingCause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                                e -> {
                                    assertThat(e.getResponse().statusCode()).isEqualTo(307);
                                    assertThat(e.getResponse().headers().firstValue("Location"))
                                            .contains("http://127.0.0.1:" + portA + view);
                                });

                try (RelaySocket viewer = RelaySocket.connect(portA, "/relay/sessions/"
                        + session.lsid() + "/view", token(session.lsid(), alice))) {
                    Thread.sleep(200);
                    publisher.send(screen(1, true, 1000));
                    assertThat(screenFrames(viewer, 1, Duration.ofSeconds(10))).hasSize(1);
                }
            }
        }
    }

    private ConfigurableApplicationContext relayNode(int nodePort) {
        return secondNode(postgres.getPort(), "--server.port=" + nodePort,
                "--sightline.relay.node-url=http://127.0.0.1:" + nodePort,
                "--sightline.retention.check-interval=PT1H");
    }

    @Test
    void aRepWhoSignsOutLosesTheScreen() throws Exception {
        Watched session = watchedSession();
        String dora = newRep("relay-dora");
        String path = "/api/sessions/" + session.lsid();
        client.post(path + "/join", null, dora).expect(200);
        grant(path, "VIEW_SCREEN", dora, session.customer());
        grant(path, "CONTROL", dora, session.customer());
        client.post(path + "/control", null, dora).expect(200);
        try (RelaySocket publisher = publisher(session);
                RelaySocket viewer = viewer(session, dora)) {
            publisher.send(screen(1, true, 1000));
            assertThat(screenFrames(viewer, 1, Duration.ofSeconds(10))).hasSize(1);
            String spare = token(session.lsid(), dora);
            client.post("/api/console/logout", null, dora).expect(204);
            await("the viewer is closed", Duration.ofSeconds(10),
                    () -> hub.closeCode(Lsid.parse(session.lsid()), "relay-dora").isPresent());
            assertThat(hub.closeCode(Lsid.parse(session.lsid()), "relay-dora")).contains(4003);
            client.post(path + "/relay-token", null, dora).expect(401);
            assertThat(closeCode("/relay/sessions/" + session.lsid() + "/view", spare))
                    .as("a relay token issued before the sign-out").isEqualTo(4003);
            await("control returns to the customer", Duration.ofSeconds(10),
                    () -> jdbc.queryForObject("SELECT count(*) FROM domainevententry"
                            + " WHERE aggregateidentifier = ? AND payloadtype LIKE"
                            + " '%ControlTakenBack'", Long.class, session.lsid()) == 1);
        }
    }

    /** Pages share only key frames, so playback mostly starts inside a segment. */
    @Test
    void playbackStartsAtAKeyFrameInsideASegment() throws Exception {
        Watched session = watchedSession();
        long start = micros(Instant.now());
        List<Frame> sent = new ArrayList<>();
        try (RelaySocket publisher = publisher(session)) {
            for (int i = 0; i < 20; i++) {
                Frame frame = Frame.of(FrameKind.SCREEN_KEY, i + 1, start + i * 100_000L,
                        payload(i, 1_000));
                sent.add(frame);
                publisher.send(frame);
            }
        }
        await("one sealed segment is recorded", Duration.ofSeconds(20),
                () -> segmentEvents(session.lsid()) == 1);
        String auditor = admin();
        for (int from : List.of(1, 10, 19)) {
            byte[] played = client.getBytes("/api/sessions/" + session.lsid()
                    + "/recording?offset=PT" + from / 10 + "." + from % 10 + "5S", auditor);
            assertThat(framesOf(played)).as("from frame %d on", from)
                    .containsExactlyElementsOf(sent.subList(from, 20).stream()
                            .map(Frame::bytes).toList());
        }
    }

    @Test
    void playbackFromAnOffsetStartsAtTheKeyFrameBeforeItByteForByte() throws Exception {
        Watched session = watchedSession();
        long start = micros(Instant.now());
        List<Frame> sent = new ArrayList<>();
        try (RelaySocket publisher = publisher(session)) {
            for (int i = 0; i < 30; i++) {
                Frame frame = Frame.of(i % 10 == 0 ? FrameKind.SCREEN_KEY : FrameKind.SCREEN_DELTA,
                        i + 1, start + i * 100_000L, payload(i, 10_000));
                sent.add(frame);
                publisher.send(frame);
            }
        }
        await("three sealed segments are recorded", Duration.ofSeconds(20),
                () -> segmentEvents(session.lsid()) == 3);
        String auditor = admin();

        byte[] played = client.getBytes("/api/sessions/" + session.lsid()
                + "/recording?offset=PT1.25S", auditor);
        assertThat(framesOf(played)).as("from the key frame at 1.0 s")
                .containsExactlyElementsOf(sent.subList(10, 30).stream().map(Frame::bytes)
                        .toList());
        assertThat(framesOf(client.getBytes("/api/sessions/" + session.lsid() + "/recording",
                auditor))).hasSize(30);

        JsonNode timeline = client.get("/api/sessions/" + session.lsid()
                + "/recording/timeline", auditor).expect(200).json();
        assertThat(timeline.get("segments")).hasSize(3);
        assertThat(timeline.get("segments").get(0).get("frames").asInt()).isEqualTo(10);
        client.get("/api/sessions/" + session.lsid() + "/recording", alice).expect(403);
        client.get("/api/sessions/" + session.lsid() + "/recording?offset=soon", auditor)
                .expect(400);

        // Tampering with a sealed segment is found before anything is played.
        Path segment = Path.of(System.getProperty("java.io.tmpdir"),
                "relay-test-recordings", session.lsid(), "segment-000002.rec");
        byte[] original = Files.readAllBytes(segment);
        byte[] changed = original.clone();
        changed[100] ^= 1;
        Files.write(segment, changed);
        client.get("/api/sessions/" + session.lsid() + "/recording?offset=PT1.5S", auditor)
                .expect(409);
        Files.write(segment, original);
        Path last = segment.resolveSibling("segment-000003.rec");
        Path aside = last.resolveSibling("aside");
        Files.move(last, aside);
        client.get("/api/sessions/" + session.lsid() + "/recording", auditor).expect(409);
        Files.move(aside, last);
        client.get("/api/sessions/" + session.lsid() + "/recording?offset="
                + "PT9999999999999999S", auditor).expect(400);

        client.post("/api/sessions/" + session.lsid() + "/end", null, alice).expect(200);
        Instant ended = Instant.parse(jdbc.queryForObject("SELECT timestamp FROM"
                + " domainevententry WHERE aggregateidentifier = ? AND payloadtype ="
                + " 'org.sightline.contracts.session.SessionEnded'", String.class,
                session.lsid()));
        await("the retention schedule has the end", Duration.ofSeconds(20),
                () -> jdbc.queryForObject("SELECT count(*) FROM retention_schedule WHERE lsid = ?"
                        + " AND ended_at IS NOT NULL", Long.class, session.lsid()) == 1);
        retention.expireDue(ended.plus(Duration.ofDays(90)));
        await("expiry deletes the recording's files", Duration.ofSeconds(20),
                () -> !Files.exists(segment.getParent()));
        client.get("/api/sessions/" + session.lsid() + "/recording", auditor).expect(410);
    }

    @Test
    void recordingsExpireFirstUnderTheirOwnPolicyAndTheirBudgetOldestFirst() throws Exception {
        Watched older = recordedAndEnded();
        Watched newer = recordedAndEnded();
        String admin = admin();
        await("both recordings are in the schedule", Duration.ofSeconds(20),
                () -> jdbc.queryForObject("SELECT count(*) FROM retention_schedule WHERE lsid IN"
                        + " (?, ?) AND recording_bytes > 0 AND ended_at IS NOT NULL", Long.class,
                        older.lsid(), newer.lsid()) == 2);

        long kept = jdbc.queryForObject("SELECT sum(recording_bytes) FROM retention_schedule"
                + " WHERE recordings_expired_at IS NULL AND expired_at IS NULL", Long.class);
        client.put("/api/configuration/retention.recordings-budget",
                Map.of("value", Long.toString(kept - 1)), admin).expect(200);
        retention.expireDue(Instant.now());

        await("the older recording's files are deleted", Duration.ofSeconds(20),
                () -> !Files.exists(recordings(older)));
        assertThat(recordings(newer)).as("the newer recording fits the budget").exists();
        client.get("/api/sessions/" + older.lsid() + "/recording", admin).expect(410);
        assertThat(client.getBytes("/api/sessions/" + newer.lsid() + "/recording", admin))
                .isNotEmpty();
        assertThat(client.get("/api/sessions/" + older.lsid() + "/log.txt", admin).body())
                .as("the rest of the content stays").contains("still here")
                .contains("recording expired under retention.recordings-budget");

        client.put("/api/configuration/retention.recordings-budget", Map.of("value", ""),
                admin).expect(200);
        client.put("/api/configuration/retention.recordings", Map.of("value", "P1D"), admin)
                .expect(200);
        Instant newerEnd = endOf(newer.lsid());
        retention.expireDue(newerEnd.plus(Duration.ofDays(1)).minusMillis(1));
        assertThat(recordings(newer)).as("not due yet").exists();
        retention.expireDue(newerEnd.plus(Duration.ofDays(1)));
        await("the newer recording's files are deleted", Duration.ofSeconds(20),
                () -> !Files.exists(recordings(newer)));
        assertThat(client.get("/api/sessions/" + newer.lsid() + "/log.txt", admin).body())
                .contains("still here")
                .contains("recording expired under retention.recordings = P1D");
        client.put("/api/configuration/retention.recordings", Map.of("value", ""), admin)
                .expect(200);
        client.put("/api/configuration/retention.recordings-budget", Map.of("value", "1X"),
                admin).expect(400);
    }

    /** A session with a short recording and a chat line, ended. */
    private Watched recordedAndEnded() throws Exception {
        Watched session = watchedSession();
        try (RelaySocket publisher = publisher(session)) {
            for (int i = 1; i <= 5; i++) {
                publisher.send(screen(i, i == 1, 2048));
            }
        }
        await("the recording is sealed", Duration.ofSeconds(20),
                () -> segmentEvents(session.lsid()) == 1);
        client.post("/api/sessions/" + session.lsid() + "/chat", Map.of("text", "still here"),
                session.customer()).expect(200);
        client.post("/api/sessions/" + session.lsid() + "/end", null, alice).expect(200);
        return session;
    }

    private Path recordings(Watched session) {
        return Path.of(System.getProperty("java.io.tmpdir"), "relay-test-recordings",
                session.lsid());
    }

    private Instant endOf(String lsid) {
        return Instant.parse(jdbc.queryForObject("SELECT timestamp FROM domainevententry"
                + " WHERE aggregateidentifier = ? AND payloadtype ="
                + " 'org.sightline.contracts.session.SessionEnded'", String.class, lsid));
    }

    private RelaySocket publisher(Watched session) {
        return RelaySocket.connect(port(), "/relay/sessions/" + session.lsid() + "/publish",
                token(session.lsid(), session.customer()));
    }

    private RelaySocket viewer(Watched session, String rep) {
        return RelaySocket.connect(port(), "/relay/sessions/" + session.lsid() + "/view",
                token(session.lsid(), rep));
    }

    private String token(String lsid, String bearer) {
        return client.post("/api/sessions/" + lsid + "/relay-token", null, bearer).expect(200)
                .json().get("token").asText();
    }

    private int closeCode(String path, String token) throws Exception {
        try (RelaySocket socket = RelaySocket.connect(port(), path, token)) {
            return socket.closed.get(10, TimeUnit.SECONDS);
        }
    }

    private int port() {
        return port;
    }

    private static Frame screen(int sequence, boolean key, int size) {
        return Frame.of(key ? FrameKind.SCREEN_KEY : FrameKind.SCREEN_DELTA, sequence,
                micros(Instant.now()), payload(sequence, size));
    }

    private static Frame input(int sequence) {
        return Frame.of(FrameKind.INPUT, sequence, micros(Instant.now()),
                ("{\"key\":\"a\",\"n\":" + sequence + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] payload(int seed, int size) {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) (seed * 31 + i);
        }
        return payload;
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }

    private static List<Long> sequences(int from, int to) {
        List<Long> all = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            all.add(i);
        }
        return all;
    }

    private static List<Frame> screenFrames(RelaySocket viewer, int count, Duration timeout)
            throws InterruptedException {
        List<Frame> screen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (screen.size() < count && System.nanoTime() < deadline) {
            Frame frame = viewer.next(Duration.ofMillis(200));
            if (frame != null && frame.kind().isScreen()) {
                screen.add(frame);
            }
        }
        return screen;
    }

    /** The next frame that is not a control frame, or null within the timeout. */
    private static Frame screenOrInput(RelaySocket socket, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Frame frame = socket.next(Duration.ofMillis(50));
            if (frame != null && frame.kind() != FrameKind.CONTROL) {
                return frame;
            }
        }
        return null;
    }

    /** The holder in the next control frame, as JSON text. */
    private static String controlHolder(RelaySocket socket) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            Frame frame = socket.next(Duration.ofMillis(100));
            if (frame != null && frame.kind() == FrameKind.CONTROL) {
                String json = new String(frame.payload(), StandardCharsets.UTF_8);
                return json.substring(json.indexOf(':') + 1, json.length() - 1);
            }
        }
        throw new AssertionError("no control frame arrived");
    }

    private long droppedInputEvents(String lsid) {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE"
                + " aggregateidentifier = ? AND payloadtype ="
                + " 'org.sightline.contracts.relay.InputDropped'", Long.class, lsid);
    }

    private long segmentEvents(String lsid) {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE"
                + " aggregateidentifier = ? AND payloadtype ="
                + " 'org.sightline.contracts.relay.RecordingSegmentStored'", Long.class, lsid);
    }

    /** The frames of a playback; AssertJ compares the arrays by content. */
    private static List<byte[]> framesOf(byte[] stream) {
        List<byte[]> frames = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(stream);
        while (in.remaining() >= 4) {
            byte[] frame = new byte[in.getInt()];
            in.get(frame);
            frames.add(frame);
        }
        assertThat(in.remaining()).as("no partial frame at the end").isZero();
        return frames;
    }

    private void grant(String path, String kind, String rep, String customer) {
        int number = client.post(path + "/permission-requests", Map.of("kind", kind), rep)
                .expect(201).json().get("requestNumber").asInt();
        client.post(path + "/permission-requests/" + number + "/answer",
                Map.of("granted", true), customer).expect(200);
    }
}
