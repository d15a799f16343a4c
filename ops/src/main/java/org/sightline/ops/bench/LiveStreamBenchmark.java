package org.sightline.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.sightline.ops.demo.DemoSession;
import org.sightline.ops.demo.SightlineClient;

/**
 * {@code sightline bench-live STREAMS ROUNDS}: what the pages' live streams cost. Ten
 * sessions chat (a rep posts a line, then waits until the session's customer stream shows
 * it), first with only those ten streams open (the baseline), then with STREAMS more customer
 * streams of idle sessions open, each polling the database as a waiting customer's page does.
 * Reports command latency, delivery latency (post to seen on the stream) and the database's
 * transactions per second, for both, and their ratios (docs/benchmarks.md).
 */
public final class LiveStreamBenchmark {

    private static final int ACTIVE = 10;
    private static final int LINES = 30;
    private static final String ADMIN_PASSWORD = "bench-admin-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).build();

    private LiveStreamBenchmark() {
    }

    public static int run(String[] args) throws Exception {
        int idle = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf(Locale.ROOT, "%d chatting sessions, %d lines each per run;"
                + " %d idle streams in the loaded runs%n", ACTIVE, LINES, idle);
        System.out.println("| round | open streams | command p50 ms | command p99 ms |"
                + " delivery p50 ms | delivery p99 ms | database transactions/s |");
        System.out.println("|---|---|---|---|---|---|---|");
        try (BenchServer server = BenchServer.start(
                "--sightline.bootstrap.admin-password=" + ADMIN_PASSWORD)) {
            String base = "http://127.0.0.1:" + server.port();
            SightlineClient client = new SightlineClient(URI.create(base));
            DemoSession demo = new DemoSession(client);
            String rep = demo.signInNewRep(ADMIN_PASSWORD, "bench-live-rep", "bench-rep-password");
            List<DemoSession.Opened> active = new ArrayList<>();
            for (int i = 0; i < ACTIVE; i++) {
                DemoSession.Opened session = demo.requestSupport("Chatting Customer " + i);
                client.post("/api/sessions/" + session.lsid() + "/join", null, rep).expect(200);
                active.add(session);
            }
            List<DemoSession.Opened> waiting = new ArrayList<>();
            for (int i = 0; i < idle; i++) {
                waiting.add(demo.requestSupport("Waiting Customer " + i));
            }

            List<Double> commandRatios = new ArrayList<>();
            List<Double> deliveryRatios = new ArrayList<>();
            List<Double> transactionRatios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                Result baseline = chat(base, client, rep, active, List.of(), server,
                        round + " baseline");
                print(round, ACTIVE, baseline);
                Result loaded = chat(base, client, rep, active, waiting, server,
                        round + " loaded");
                print(round, ACTIVE + idle, loaded);
                commandRatios.add(loaded.command().p50Millis() / baseline.command().p50Millis());
                deliveryRatios.add(loaded.delivery().p50Millis() / baseline.delivery().p50Millis());
                transactionRatios.add(loaded.transactionsPerSecond()
                        / baseline.transactionsPerSecond());
            }
            System.out.printf(Locale.ROOT, "median loaded/baseline: command p50 %.2f,"
                    + " delivery p50 %.2f, database transactions/s %.2f%n",
                    median(commandRatios), median(deliveryRatios), median(transactionRatios));
        }
        return 0;
    }

    private record Result(Percentiles command, Percentiles delivery,
            double transactionsPerSecond) {
    }

    /** One run: the idle streams open, then every active session chats LINES lines. */
    private static Result chat(String base, SightlineClient client, String rep,
            List<DemoSession.Opened> active, List<DemoSession.Opened> idle, BenchServer server,
            String run) throws Exception {
        List<Stream> streams = new ArrayList<>();
        ExecutorService posters = Executors.newFixedThreadPool(active.size());
        try {
            for (DemoSession.Opened session : idle) {
                streams.add(Stream.open(base, session, line -> { }));
            }
            List<BlockingQueue<Long>> arrivals = new ArrayList<>();
            for (DemoSession.Opened session : active) {
                BlockingQueue<Long> seen = new LinkedBlockingQueue<>();
                String prefix = "run " + run + " line ";
                streams.add(Stream.open(base, session, entry -> {
                    if (entry.path("details").path("text").asText().startsWith(prefix)) {
                        seen.add(System.nanoTime());
                    }
                }));
                arrivals.add(seen);
            }
            Thread.sleep(2000); // every stream past its first poll
            long transactionsBefore = transactions(server);
            long started = System.nanoTime();
            List<Future<long[][]>> runs = new ArrayList<>();
            for (int i = 0; i < active.size(); i++) {
                String path = "/api/sessions/" + active.get(i).lsid() + "/chat";
                BlockingQueue<Long> seen = arrivals.get(i);
                String prefix = "run " + run + " line ";
                String session = active.get(i).lsid();
                runs.add(posters.submit(() -> {
                    long[][] nanos = new long[2][LINES];
                    for (int line = 0; line < LINES; line++) {
                        long sent = System.nanoTime();
                        client.post(path, Map.of("text", prefix + line), rep).expect(200);
                        nanos[0][line] = System.nanoTime() - sent;
                        Long arrived = seen.poll(30, TimeUnit.SECONDS);
                        if (arrived == null) {
                            throw new IllegalStateException("line " + line + " of session "
                                    + session + " never reached its stream");
                        }
                        nanos[1][line] = arrived - sent;
                    }
                    return nanos;
                }));
            }
            long[] commands = new long[active.size() * LINES];
            long[] deliveries = new long[active.size() * LINES];
            for (int i = 0; i < runs.size(); i++) {
                long[][] nanos = runs.get(i).get();
                System.arraycopy(nanos[0], 0, commands, i * LINES, LINES);
                System.arraycopy(nanos[1], 0, deliveries, i * LINES, LINES);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double transactionsPerSecond = (transactions(server) - transactionsBefore) / seconds;
            return new Result(Percentiles.of(commands), Percentiles.of(deliveries),
                    transactionsPerSecond);
        } finally {
            posters.shutdownNow();
            for (Stream stream : streams) {
                stream.close();
            }
        }
    }

    /** Transactions the database committed so far (each stream poll is one). */
    private static long transactions(BenchServer server) throws SQLException {
        try (Connection connection = server.ownerDataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT xact_commit FROM"
                        + " pg_stat_database WHERE datname = current_database()")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void print(int round, int streams, Result result) {
        System.out.printf(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.1f | %.1f | %.0f |%n",
                round, streams, result.command().p50Millis(), result.command().p99Millis(),
                result.delivery().p50Millis(), result.delivery().p99Millis(),
                result.transactionsPerSecond());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** A customer's event stream, read line by line on a thread of its own. */
    private static final class Stream implements AutoCloseable {

        private final InputStream body;

        private Stream(InputStream body, Consumer<JsonNode> onEntry) {
            this.body = body;
            Thread reader = new Thread(() -> read(onEntry), "bench-live-stream");
            reader.setDaemon(true);
            reader.start();
        }

        static Stream open(String base, DemoSession.Opened session, Consumer<JsonNode> onEntry)
                throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create(base + "/api/sessions/" + session.lsid() + "/events"))
                    .header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + session.customerToken())
                    .build();
            HttpResponse<InputStream> response = HTTP.send(request,
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("a stream was refused: " + response.statusCode());
            }
            return new Stream(response.body(), onEntry);
        }

        private void read(Consumer<JsonNode> onEntry) {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(body, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("data:")) {
                        onEntry.accept(JSON.readTree(line.substring(5)));
                    }
                }
            } catch (IOException e) {
            }
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }
}

