package org.sightline.ops.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.sightline.projections.syslog.Rfc5424;

/**
 * Messages per second from the event store to a real rsyslogd over TLS, through Sightline's
 * syslog processor, beside the same number of formatted messages written straight to the same
 * rsyslogd over a plain TLS socket, in the same run. Each run counts until rsyslog has
 * written every message to its file.
 *
 * <p>Needs rsyslogd with GnuTLS and openssl ({@code ops/scripts/ensure-test-programs.sh}).
 */
public final class SyslogBenchmark {

    private static final String PASSWORD = "bench-trust";

    private SyslogBenchmark() {
    }

    /** Runs the benchmark; {@code args}: events, rounds. */
    public static int run(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path work = Files.createTempDirectory("sightline-syslog-bench-");
        Receiver rsyslog = new Receiver(work);
        try {
            rsyslog.start();
            runRounds(rsyslog, work, events, rounds);
        } finally {
            rsyslog.stop();
        }
        return 0;
    }

    private static void runRounds(Receiver rsyslog, Path work, int events, int rounds)
            throws Exception {
        try (BenchServer server = BenchServer.start(
                "--sightline.syslog.destinations[0].name=bench",
                "--sightline.syslog.destinations[0].host=127.0.0.1",
                "--sightline.syslog.destinations[0].port=" + rsyslog.port,
                "--sightline.syslog.destinations[0].protocol=TLS",
                "--sightline.syslog.destinations[0].categories=SESSION",
                "--sightline.syslog.destinations[0].trust-store=" + rsyslog.trustStore,
                "--sightline.syslog.destinations[0].trust-store-password=" + PASSWORD,
                "--sightline.audit.checkpoint-interval=PT24H")) {
            TrackingEventProcessor processor = server.bean(EventProcessingConfiguration.class)
                    .eventProcessor("syslog-bench", TrackingEventProcessor.class).orElseThrow();
            SSLContext tls = rsyslog.clientContext();
            List<Double> ratios = new ArrayList<>();
            System.out.println("| round | Sightline msgs/s | plain TLS socket msgs/s | ratio |");
            System.out.println("|---|---|---|---|");
            for (int round = 1; round <= rounds; round++) {
                processor.shutDown();
                generate(server, events, round);
                long before = rsyslog.lines();
                long started = System.nanoTime();
                processor.start();
                rsyslog.awaitLines(before + events);
                double sightline = events / ((System.nanoTime() - started) / 1e9);

                List<byte[]> formatted = formatted(server, events);
                before = rsyslog.lines();
                started = System.nanoTime();
                writePlain(tls, rsyslog.port, formatted);
                rsyslog.awaitLines(before + events);
                double plain = events / ((System.nanoTime() - started) / 1e9);
                ratios.add(sightline / plain);
                System.out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %.2f |%n", round,
                        sightline, plain, sightline / plain);
            }
            ratios.sort(null);
            System.out.printf(Locale.ROOT, "median Sightline/plain ratio over %d rounds: %.2f%n",
                    rounds, ratios.get(ratios.size() / 2));
        }
    }

    private static void generate(BenchServer server, int events, int round) throws Exception {
        String sql;
        try (InputStream in = SyslogBenchmark.class
                .getResourceAsStream("/bench/generate-events.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace(":events", Integer.toString(events))
                    .replace(":per_stream", "100")
                    .replace(":run", "'syslog-" + round + "-" + System.nanoTime() + "'");
        }
        try (Connection connection = server.ownerDataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The newest {@code events} chat events, formatted as the processor formats them. */
    private static List<byte[]> formatted(BenchServer server, int events) throws Exception {
        Rfc5424 format = new Rfc5424(16, "bench", "sightline", "1", "sightline@32473");
        List<byte[]> messages = new ArrayList<>(events);
        try (Connection connection = server.applicationDataSource().getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT eventidentifier,"
                        + " aggregateidentifier, timestamp, convert_from(payload, 'UTF8')"
                        + " FROM domainevententry ORDER BY globalindex DESC LIMIT ?")) {
            query.setInt(1, events);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    messages.add(format.format(6, Instant.parse(row.getString(3)),
                            "session.chat", Map.of("event_id", row.getString(1),
                                    "lsid", row.getString(2), "code", "1010",
                                    "who", "customer Bench Customer"),
                            "Bench Customer said: " + row.getString(4), 8192));
                }
            }
        }
        return messages;
    }

    private static void writePlain(SSLContext tls, int port, List<byte[]> messages)
            throws IOException {
        try (Socket plain = new Socket("127.0.0.1", port);
                SSLSocket socket = (SSLSocket) tls.getSocketFactory()
                        .createSocket(plain, "127.0.0.1", port, true)) {
            socket.startHandshake();
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            for (byte[] message : messages) {
                out.write((message.length + " ").getBytes(StandardCharsets.US_ASCII));
                out.write(message);
            }
            out.flush();
        }
    }

    /** rsyslogd with a TLS input writing one short line per message. */
    private static final class Receiver {

        final Path directory;
        final Path output;
        final Path trustStore;
        int port;
        private Process process;

        Receiver(Path directory) {
            this.directory = directory;
            this.output = directory.resolve("received.log");
            this.trustStore = directory.resolve("trust.p12");
        }

        void start() throws Exception {
            run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", "key.pem", "-out", "cert.pem");
            run(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-importcert", "-noprompt", "-storetype", "PKCS12", "-keystore",
                    trustStore.toString(), "-storepass", PASSWORD, "-alias", "bench",
                    "-file", "cert.pem");
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Files.createDirectories(directory.resolve("work"));
            Path config = directory.resolve("rsyslog.conf");
            Files.writeString(config, """
                    global(workDirectory="%s" defaultNetstreamDriverCAFile="%s"
                           defaultNetstreamDriverCertFile="%s" defaultNetstreamDriverKeyFile="%s")
                    module(load="imtcp" streamDriver.name="gtls" streamDriver.mode="1"
                           streamDriver.authMode="anon")
                    template(name="short" type="string" string="%%msgid%%\\n")
                    ruleset(name="bench") {
                      action(type="omfile" file="%s" template="short")
                    }
                    input(type="imtcp" address="127.0.0.1" port="%d" ruleset="bench")
                    """.formatted(directory.resolve("work"), directory.resolve("cert.pem"),
                    directory.resolve("cert.pem"), directory.resolve("key.pem"), output, port));
            process = new ProcessBuilder("rsyslogd", "-n", "-f", config.toString(), "-i",
                    directory.resolve("rsyslogd.pid").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("rsyslogd.out").toFile())
                    .start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (true) {
                try (Socket probe = new Socket("127.0.0.1", port)) {
                    return;
                } catch (IOException notYet) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("rsyslogd did not start", notYet);
                    }
                    Thread.sleep(50);
                }
            }
        }

        SSLContext clientContext() throws Exception {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(trustStore)) {
                store.load(in, PASSWORD.toCharArray());
            }
            TrustManagerFactory trust =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        }

        long lines() throws IOException {
            if (!Files.exists(output)) {
                return 0;
            }
            try (Stream<String> lines = Files.lines(output)) {
                return lines.count();
            }
        }

        void awaitLines(long wanted) throws Exception {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
            while (lines() < wanted) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("rsyslog wrote " + lines() + " of " + wanted);
                }
                Thread.sleep(100);
            }
        }

        void stop() throws InterruptedException {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        }

        private void run(String... command) throws Exception {
            Process step = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).start();
            String output = new String(step.getInputStream().readAllBytes());
            if (step.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + ": " + output);
            }
        }
    }
}
