package org.sightline.ops.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.sightline.ops.demo.DemoSession;
import org.sightline.ops.demo.SightlineClient;
import org.sightline.relay.Frame;
import org.sightline.relay.FrameKind;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * {@code sightline bench-relay SESSIONS SECONDS}: the relay under load beside a plain
 * reactor-netty WebSocket fan-out, in the same process, with the same clients. Each session's
 * publisher sends 20 frames/s of 100 KB (a key frame each second) to two viewers. The relay
 * checks tokens, queues per viewer, records every frame encrypted and seals segments; the
 * baseline only multicasts. Reports delivered frames/s and MB/s, publisher-to-viewer latency
 * (p50, p99) and the most heap used (docs/benchmarks.md).
 */
public final class RelayBenchmark {

    private static final int FPS = 20;
    private static final int FRAME_BYTES = 100 * 1024;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final String ADMIN_PASSWORD = "bench-admin-password";

    private RelayBenchmark() {
    }

    public static int run(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path recordings = Files.createTempDirectory("sightline-bench-recordings-");
        System.out.printf(Locale.ROOT, "%d sessions, %d frames/s of %d KB each to 2 viewers,"
                + " %d s per run%n", sessions, FPS, FRAME_BYTES / 1024, seconds);
        System.out.println("| run | frames/s delivered | MB/s delivered | p50 ms | p99 ms |"
                + " publisher frames/s | max heap MB |");
        System.out.println("|---|---|---|---|---|---|---|");
        try (BenchServer server = BenchServer.start(
                "--sightline.relay.recordings-directory=" + recordings,
                "--sightline.bootstrap.admin-password=" + ADMIN_PASSWORD)) {
            SightlineClient client = new SightlineClient(
                    URI.create("http://127.0.0.1:" + server.port()));
            List<String[]> endpoints = relaySessions(client, sessions);
            Result relay = load(endpoints, "ws://127.0.0.1:" + server.port(), seconds);
            print("relay", relay);

            DisposableServer plain = plainFanOut(sessions);
            try {
                List<String[]> plainEndpoints = new ArrayList<>();
                for (int i = 0; i < sessions; i++) {
                    String id = "s" + i;
                    plainEndpoints.add(new String[] {"/plain/" + id + "/publish",
                            "/plain/" + id + "/view", "/plain/" + id + "/view"});
                }
                Result baseline = load(plainEndpoints, "ws://127.0.0.1:" + plain.port(),
                        seconds);
                print("plain fan-out", baseline);
                System.out.printf(Locale.ROOT, "relay/plain delivered frames/s: %.3f;"
                        + " p50 latency relay/plain: %.2f%n",
                        relay.framesPerSecond() / baseline.framesPerSecond(),
                        relay.p50() / baseline.p50());
            } finally {
                plain.disposeNow();
            }
        } finally {
            try (var files = Files.walk(recordings)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
        return 0;
    }

    /** Sessions with a customer and two reps granted screen viewing; their relay paths. */
    private static List<String[]> relaySessions(SightlineClient client, int count) {
        DemoSession demo = new DemoSession(client);
        String password = "bench-rep-password";
        String first = demo.signInNewRep(ADMIN_PASSWORD, "bench-viewer-1", password);
        String second = demo.signInNewRep(ADMIN_PASSWORD, "bench-viewer-2", password);
        List<String[]> endpoints = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            DemoSession.Opened session = demo.requestSupport("Bench Customer " + i);
            String path = "/api/sessions/" + session.lsid();
            for (String rep : List.of(first, second)) {
                client.post(path + "/join", null, rep).expect(200);
                int number = client.post(path + "/permission-requests",
                        Map.of("kind", "VIEW_SCREEN"), rep).expect(201).json()
                        .get("requestNumber").asInt();
                client.post(path + "/permission-requests/" + number + "/answer",
                        Map.of("granted", true), session.customerToken()).expect(200);
            }
            endpoints.add(new String[] {
                relayPath(client, path, session.customerToken()),
                relayPath(client, path, first), relayPath(client, path, second)});
        }
        return endpoints;
    }

    private static String relayPath(SightlineClient client, String sessionPath, String bearer) {
        var issued = client.post(sessionPath + "/relay-token", null, bearer).expect(200).json();
        return issued.get("path").asText() + "?token=" + issued.get("token").asText();
    }

    /** A WebSocket fan-out with nothing else: each publisher's messages multicast to viewers. */
    private static DisposableServer plainFanOut(int sessions) {
        WebsocketServerSpec large = WebsocketServerSpec.builder()
                .maxFramePayloadLength(1 << 22).build();
        return HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> {
                    for (int i = 0; i < sessions; i++) {
                        Sinks.Many<byte[]> topic = sink();
                        routes.ws("/plain/s" + i + "/publish", (in, out) -> in
                                .aggregateFrames(1 << 22).receive().asByteArray()
                                .doOnNext(topic::tryEmitNext).then(), large);
                        routes.ws("/plain/s" + i + "/view",
                                (in, out) -> out.sendByteArray(topic.asFlux()), large);
                    }
                })
                .bindNow();
    }

    private static Sinks.Many<byte[]> sink() {
        return Sinks.many().multicast().directBestEffort();
    }

    private record Result(double framesPerSecond, double megabytesPerSecond, double p50,
            double p99, double publisherFps, long maxHeapMb) {
    }

    private static Result load(List<String[]> endpoints, String base, int seconds)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        LongAdder delivered = new LongAdder();
        LongAdder deliveredBytes = new LongAdder();
        LongAdder published = new LongAdder();
        List<long[]> latencies = new ArrayList<>();
        List<WebSocket> viewers = new ArrayList<>();
        List<WebSocket> publishers = new ArrayList<>();
        for (String[] session : endpoints) {
            for (int v = 1; v <= 2; v++) {
                Viewer listener = new Viewer(delivered, deliveredBytes);
                latencies.add(listener.latencies);
                viewers.add(http.newWebSocketBuilder().buildAsync(URI.create(base + session[v]),
                        listener).get(10, TimeUnit.SECONDS));
            }
            publishers.add(http.newWebSocketBuilder().buildAsync(URI.create(base + session[0]),
                    new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS));
        }
        byte[] payload = new byte[FRAME_BYTES];
        new java.util.Random(1).nextBytes(payload);
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
        List<CompletableFuture<WebSocket>> pending = new ArrayList<>();
        publishers.forEach(p -> pending.add(CompletableFuture.completedFuture(p)));
        AtomicLong tick = new AtomicLong();
        AtomicLong maxHeap = new AtomicLong();
        long started = System.nanoTime();
        ticks.scheduleAtFixedRate(() -> {
            long n = tick.incrementAndGet();
            for (int i = 0; i < publishers.size(); i++) {
                if (!pending.get(i).isDone()) {
                    continue; // this publisher is still sending its last frame: it falls behind
                }
                Instant now = Instant.now();
                Frame frame = Frame.of(n % FPS == 1 ? FrameKind.SCREEN_KEY : FrameKind.SCREEN_DELTA,
                        n, now.getEpochSecond() * 1_000_000L + now.getNano() / 1000, payload);
                pending.set(i, publishers.get(i).sendBinary(ByteBuffer.wrap(frame.bytes()), true));
                published.increment();
            }
            maxHeap.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
        }, 0, 1000 / FPS, TimeUnit.MILLISECONDS);
        Thread.sleep(seconds * 1000L);
        ticks.shutdownNow();
        double elapsed = (System.nanoTime() - started) / 1e9;
        Thread.sleep(1000);
        for (WebSocket socket : publishers) {
            socket.abort();
        }
        for (WebSocket socket : viewers) {
            socket.abort();
        }
        long[] all = latencies.stream().flatMapToLong(java.util.Arrays::stream)
                .filter(v -> v > 0).sorted().toArray();
        return new Result(delivered.sum() / elapsed, deliveredBytes.sum() / elapsed / 1e6,
                at(all, 0.5), at(all, 0.99), published.sum() / elapsed,
                maxHeap.get() >> 20);
    }

    private static double at(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1)] / 1000.0;
    }

    private static void print(String name, Result r) {
        System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.1f | %.1f | %.1f | %,.0f | %d |%n",
                name, r.framesPerSecond(), r.megabytesPerSecond(), r.p50(), r.p99(),
                r.publisherFps(), r.maxHeapMb());
    }

    /** Counts what arrives and samples each frame's latency (microseconds) into a ring. */
    private static final class Viewer implements WebSocket.Listener {

        final long[] latencies = new long[100_000];
        private final LongAdder delivered;
        private final LongAdder bytes;
        private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();
        private int next;

        Viewer(LongAdder delivered, LongAdder bytes) {
            this.delivered = delivered;
            this.bytes = bytes;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partial.writeBytes(chunk);
            if (last) {
                byte[] message = partial.toByteArray();
                partial.reset();
                if (message.length >= Frame.HEADER && message[1] != FrameKind.CONTROL.code()) {
                    long captured = ByteBuffer.wrap(message).getLong(12);
                    Instant now = Instant.now();
                    long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
                    latencies[next++ % latencies.length] = micros - captured;
                    delivered.increment();
                    bytes.add(message.length);
                }
            }
            socket.request(1);
            return null;
        }
    }
}
