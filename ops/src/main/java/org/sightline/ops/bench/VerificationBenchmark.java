package org.sightline.ops.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.sightline.projections.chain.ChainVerifier;
import org.sightline.projections.chain.Checkpointer;
import org.sightline.projections.chain.JdbcAuditSource;

/**
 * Verification speed over generated events, beside a plain sequential scan of the same rows
 * in the same run: both read every column of every event through one cursor with the same
 * fetch size; verification also joins the links, orders by stream and hashes.
 *
 * <p>The events are appended by {@code bench/generate-events.sql}, so the database's chain
 * trigger links each one, then one checkpoint signs every head.
 */
public final class VerificationBenchmark {

    private static final int PER_STREAM = 100;

    private VerificationBenchmark() {
    }

    /** Runs the benchmark; {@code args}: number of events, rounds. */
    public static int run(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;

        try (BenchServer server = BenchServer.start(
                "--sightline.audit.checkpoint-interval=PT24H")) {
            DataSource owner = server.ownerDataSource();
            DataSource app = server.applicationDataSource();
            Checkpointer checkpointer = server.bean(Checkpointer.class);

            long generating = System.nanoTime();
            generate(owner, events);
            System.out.printf(Locale.ROOT, "generated and chained %,d events in %.1f s%n",
                    events, (System.nanoTime() - generating) / 1e9);
            checkpointer.checkpoint();
            try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
                s.execute("VACUUM ANALYZE");
            }

            List<Double> ratios = new ArrayList<>();
            System.out.println("| round | scan events/s | verify events/s | verify/scan time |");
            System.out.println("|---|---|---|---|");
            for (int round = 1; round <= rounds; round++) {
                double scan = scan(app);
                double verify = verify(app, checkpointer);
                ratios.add(scan / verify);
                System.out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %.2f |%n", round,
                        events / scan, events / verify, verify / scan);
            }
            ratios.sort(null);
            System.out.printf(Locale.ROOT, "median verification time / scan time over %d"
                    + " rounds: %.2f%n", rounds, 1 / ratios.get(ratios.size() / 2));
        }
        return 0;
    }

    private static void generate(DataSource owner, int events) throws IOException,
            SQLException {
        String sql;
        try (InputStream in = VerificationBenchmark.class
                .getResourceAsStream("/bench/generate-events.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace(":events", Integer.toString(events))
                    .replace(":per_stream", Integer.toString(PER_STREAM))
                    .replace(":run", "'" + System.nanoTime() + "'");
        }
        try (Connection connection = owner.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Seconds to read every column of every event through a cursor, in table order. */
    private static double scan(DataSource dataSource) throws SQLException {
        long started = System.nanoTime();
        long bytes = 0;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement query = connection.prepareStatement("SELECT"
                    + " aggregateidentifier, sequencenumber, globalindex, eventidentifier, type,"
                    + " payloadtype, payloadrevision, timestamp, payload, metadata"
                    + " FROM domainevententry")) {
                query.setFetchSize(5_000);
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        bytes += row.getString(1).length() + row.getLong(2) + row.getLong(3)
                                + row.getString(4).length() + row.getString(5).length()
                                + row.getString(6).length() + row.getString(8).length()
                                + row.getBytes(9).length + row.getBytes(10).length;
                    }
                }
            } finally {
                connection.rollback();
            }
        }
        if (bytes == 0) {
            throw new IllegalStateException("the scan read nothing");
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /** Seconds for a full verification, as {@code sightline-audit verify} does it. */
    private static double verify(DataSource dataSource, Checkpointer checkpointer)
            throws SQLException {
        long started = System.nanoTime();
        JdbcAuditSource source = new JdbcAuditSource(dataSource);
        ChainVerifier verifier = new ChainVerifier(List.of(checkpointer.publicKey()));
        verifier.checkCheckpoints(source.checkpoints());
        source.streams(null, verifier::checkStream, read -> { });
        ChainVerifier.Report report = verifier.finish(true);
        if (!report.verified()) {
            throw new IllegalStateException("the generated record does not verify: "
                    + report.findings().get(0).describe());
        }
        return (System.nanoTime() - started) / 1e9;
    }
}
