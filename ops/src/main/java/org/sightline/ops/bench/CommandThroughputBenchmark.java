package org.sightline.ops.bench;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.sightline.ops.demo.DemoSession;
import org.sightline.ops.demo.SightlineClient;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Chat lines through the HTTP API from 50 concurrent sessions, beside the same events
 * appended by plain JDBC batch inserts, in one process on one embedded PostgreSQL.
 *
 * <p>Each session's customer posts its lines one after another (a client waits for each
 * acknowledgement), so 50 sessions keep 50 commands in flight. The baseline inserts the very
 * payloads the API stored into a copy of the event table, in batches of 50 rows, each batch
 * committed. Both runs are repeated; medians are reported, since machines here are noisy.
 *
 * <p>NOTE: the load generator shares the machine (and the JVM) with the server; the numbers
 * compare the two paths under the same conditions, not what a dedicated server would do.
 */
public final class CommandThroughputBenchmark {

    private static final int SESSIONS = 50;
    private static final int WARM_UP_LINES = 20;
    private static final int BATCH = 50;

    private CommandThroughputBenchmark() {
    }

    /** Runs the benchmark; {@code args}: lines per session per round, rounds. */
    public static int run(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String adminPassword = "bench-" + UUID.randomUUID();

        try (BenchServer server = BenchServer.start(
                "--sightline.bootstrap.admin-password=" + adminPassword)) {
            SightlineClient client = new SightlineClient(
                    URI.create("http://127.0.0.1:" + server.port()));
            JdbcTemplate jdbc = server.bean(JdbcTemplate.class);
            // The scratch table is the owner's: the application role may create none.
            DataSource dataSource = server.ownerDataSource();
            new JdbcTemplate(dataSource).execute(
                    "CREATE TABLE bench_events (LIKE domainevententry INCLUDING ALL)");

            List<String> report = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                Result api = throughApi(client, adminPassword, lines, round);
                Result plain = plainJdbc(jdbc, dataSource, api.events(), round);
                double ratio = api.eventsPerSecond() / plain.eventsPerSecond();
                ratios.add(ratio);
                report.add(String.format(Locale.ROOT,
                        "| %d | %,d | %,.0f | %.1f | %.1f | %,.0f | %.1f | %.1f | %.3f |",
                        round, api.events(), api.eventsPerSecond(), api.latency().p50Millis(),
                        api.latency().p99Millis(), plain.eventsPerSecond(),
                        plain.latency().p50Millis(), plain.latency().p99Millis(), ratio));
            }

            System.out.println("| round | events | API events/s | API p50 ms | API p99 ms"
                    + " | JDBC batch events/s | batch p50 ms | batch p99 ms | API/JDBC |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            report.forEach(System.out::println);
            ratios.sort(null);
            System.out.printf(Locale.ROOT, "median API/JDBC ratio over %d rounds: %.3f%n",
                    rounds, ratios.get(ratios.size() / 2));
        }
        return 0;
    }

    record Result(int events, double eventsPerSecond, Percentiles latency) {
    }

    private static Result throughApi(SightlineClient client, String adminPassword, int lines,
            int round) throws Exception {
        DemoSession demo = new DemoSession(client);
        String rep = demo.signInNewRep(adminPassword, "bench-rep-" + round,
                "bench-password-" + round);
        List<DemoSession.Opened> sessions = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            DemoSession.Opened opened = demo.requestSupport("Bench Customer " + i);
            client.post("/api/sessions/" + opened.lsid() + "/join", null, rep).expect(200);
            sessions.add(opened);
        }

        ExecutorService pool = Executors.newFixedThreadPool(SESSIONS);
        try {
            postLines(pool, client, sessions, WARM_UP_LINES, null);
            long[] latencies = new long[SESSIONS * lines];
            long start = System.nanoTime();
            postLines(pool, client, sessions, lines, latencies);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(latencies.length, latencies.length / seconds,
                    Percentiles.of(latencies));
        } finally {
            pool.shutdown();
        }
    }

    private static void postLines(ExecutorService pool, SightlineClient client,
            List<DemoSession.Opened> sessions, int lines, long[] latencies) throws Exception {
        List<Future<?>> done = new ArrayList<>();
        for (int s = 0; s < sessions.size(); s++) {
            int slot = s;
            DemoSession.Opened session = sessions.get(s);
            done.add(pool.submit(() -> {
                String path = "/api/sessions/" + session.lsid() + "/chat";
                for (int line = 0; line < lines; line++) {
                    long sent = System.nanoTime();
                    client.post(path, Map.of("text", "line " + line + " of a benchmark chat"),
                            session.customerToken()).expect(200);
                    if (latencies != null) {
                        latencies[slot * lines + line] = System.nanoTime() - sent;
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
    }

    /** Inserts {@code events} stored chat payloads again, in committed batches. */
    private static Result plainJdbc(JdbcTemplate jdbc, DataSource dataSource, int events,
            int round) throws Exception {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT payload, metadata,"
                + " payloadtype, timestamp FROM domainevententry WHERE payloadtype LIKE"
                + " '%ChatMessagePosted' ORDER BY globalindex DESC LIMIT ?", events);
        long[] latencies = new long[(rows.size() + BATCH - 1) / BATCH];
        String aggregate = "bench" + round + UUID.randomUUID().toString().replace("-", "");

        long start = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO"
                    + " bench_events (aggregateidentifier, sequencenumber, type,"
                    + " eventidentifier, metadata, payload, payloadtype, timestamp)"
                    + " VALUES (?, ?, 'SupportSession', ?, ?, ?, ?, ?)")) {
                for (int batch = 0; batch * BATCH < rows.size(); batch++) {
                    long sent = System.nanoTime();
                    int end = Math.min(rows.size(), (batch + 1) * BATCH);
                    for (int i = batch * BATCH; i < end; i++) {
                        Map<String, Object> row = rows.get(i);
                        insert.setString(1, aggregate);
                        insert.setLong(2, i);
                        insert.setString(3, UUID.randomUUID().toString());
                        insert.setBytes(4, (byte[]) row.get("metadata"));
                        insert.setBytes(5, (byte[]) row.get("payload"));
                        insert.setString(6, (String) row.get("payloadtype"));
                        insert.setString(7, (String) row.get("timestamp"));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    connection.commit();
                    latencies[batch] = System.nanoTime() - sent;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(rows.size(), rows.size() / seconds, Percentiles.of(latencies));
    }
}
