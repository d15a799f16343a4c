package org.sightline.ops.identity;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sightline.ops.TestProcesses;

/**
 * A real MIT KDC for tests, in a directory of its own and on a loopback port of its own,
 * with the realm {@value #REALM}, the service {@code HTTP/localhost} in a keytab, and users
 * added by the test. Every MIT program runs with {@code KRB5_CONFIG} and
 * {@code KRB5_KDC_PROFILE} pointing into that directory; nothing reads or changes /etc.
 *
 * <p>Clients are MIT's own: {@code kinit} and {@code kvno} fill a ticket cache per call, and
 * {@code curl --negotiate} (under {@code faketime} when its clock is to be off) sends the
 * SPNEGO token to a small HTTP server of this harness, which keeps it for the test.
 * The KDC is stopped by its own PID in {@link #close()}.
 */
final class Kdc implements AutoCloseable {

    static final String REALM = "SIGHTLINE.TEST";
    private static final String SERVICE = "HTTP/localhost";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Path directory;
    private final int port;
    private final Path krb5Conf;
    private final Path kdcConf;
    private final Path keytab;
    private final Path pidFile;
    private final AtomicInteger calls = new AtomicInteger();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private Process kdc;
    private HttpServer server;

    private Kdc(Path directory) throws IOException {
        this.directory = directory;
        this.port = TestProcesses.freePort();
        this.krb5Conf = directory.resolve("krb5.conf");
        this.kdcConf = directory.resolve("kdc.conf");
        this.keytab = directory.resolve("http.keytab");
        this.pidFile = directory.resolve("krb5kdc.pid");
    }

    /** Creates the realm's database in {@code directory}, the service's keytab, and starts. */
    static Kdc start(Path directory) throws IOException, InterruptedException {
        Kdc kdc = new Kdc(directory);
        try {
            kdc.writeConfiguration();
            kdc.createRealm();
            kdc.run("kadmin.local", "-r", REALM, "-q", "addprinc -randkey " + SERVICE);
            kdc.run("kadmin.local", "-r", REALM, "-q", "ktadd -k " + kdc.keytab + " " + SERVICE);
            kdc.startServer();
            kdc.startTokenCatcher();
            return kdc;
        } catch (IOException | InterruptedException | RuntimeException e) {
            kdc.close();
            throw e;
        }
    }

    Path krb5Conf() {
        return krb5Conf;
    }

    Path keytab() {
        return keytab;
    }

    String servicePrincipal() {
        return SERVICE + "@" + REALM;
    }

    /** Adds a user principal with a password. */
    void addUser(String user, String password) throws IOException, InterruptedException {
        run("kadmin.local", "-r", REALM, "-q", "addprinc -pw " + password + " " + user);
    }

    /** Adds a service principal with a random key that no keytab of this harness holds. */
    void addOtherService(String name) throws IOException, InterruptedException {
        run("kadmin.local", "-r", REALM, "-q", "addprinc -randkey " + name + "/localhost");
    }

    /**
     * Logs {@code user} in with the normal clock, fetches the service ticket for
     * {@code HTTP/localhost}, and returns the fresh ticket cache.
     */
    Path login(String user, String password) throws IOException, InterruptedException {
        Path cache = directory.resolve("cc-" + user + "-" + calls.incrementAndGet());
        runAs(cache, password + "\n", "kinit", user + "@" + REALM);
        runAs(cache, null, "kvno", servicePrincipal());
        return cache;
    }

    /**
     * The SPNEGO token that {@code curl --negotiate} sends for the service
     * {@code service/localhost} from the ticket cache, with curl's clock moved by
     * {@code clockOffset} (zero: the normal clock).
     *
     * <p>NOTE: the acceptor measures skew when it validates, so validate a skewed token at
     * once: a "+6 minutes" token is within the 5 minutes two minutes later. A clock far
     * behind makes MIT's client judge its own ticket not yet valid, and curl sends nothing.
     */
    String negotiateToken(Path cache, String service, Duration clockOffset)
            throws IOException, InterruptedException {
        String path = "/token/" + calls.incrementAndGet();
        List<String> command = new ArrayList<>();
        if (!clockOffset.isZero()) {
            long seconds = clockOffset.toSeconds();
            command.addAll(List.of("faketime", "-f", (seconds > 0 ? "+" : "") + seconds));
        }
        String url = "http://localhost:" + server.getAddress().getPort() + path;
        command.addAll(List.of("curl", "--silent", "--show-error", "--noproxy", "*",
                "--max-time", "20", "--output", "/dev/null",
                "--resolve", "localhost:" + server.getAddress().getPort() + ":127.0.0.1",
                "--negotiate", "--user", ":", "--service-name", service, url));
        runAs(cache, null, command.toArray(String[]::new));

        String header = tokens.remove(path);
        if (header == null || !header.startsWith("Negotiate ")) {
            throw new IllegalStateException("curl sent no Negotiate token: " + header);
        }
        return header.substring("Negotiate ".length());
    }

    /** A token from a fresh login of {@code user} to {@code HTTP/localhost}. */
    String negotiateToken(String user, String password, Duration clockOffset)
            throws IOException, InterruptedException {
        return negotiateToken(login(user, password), "HTTP", clockOffset);
    }

    /** Stops the token server, then the KDC by its own PID, and waits for it to end. */
    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (kdc == null) {
            return;
        }
        kdc.destroy();
        try {
            if (!kdc.waitFor(10, TimeUnit.SECONDS)) {
                kdc.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException interrupted) {
            kdc.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        kdc = null;
    }

    private void writeConfiguration() throws IOException {
        // NOTE: the realm block must span several lines: MIT reads "{ kdc = ... }" on one
        // line as an empty realm and then cannot find a KDC.
        Files.writeString(krb5Conf, """
                [libdefaults]
                  default_realm = %1$s
                  dns_lookup_kdc = false
                  dns_lookup_realm = false
                  dns_canonicalize_hostname = false
                  rdns = false
                  udp_preference_limit = 1
                  clockskew = 300

                [realms]
                  %1$s = {
                    kdc = 127.0.0.1:%2$d
                  }

                [domain_realm]
                  localhost = %1$s
                """.formatted(REALM, port));
        Files.writeString(kdcConf, """
                [kdcdefaults]
                  kdc_listen = 127.0.0.1:%2$d
                  kdc_tcp_listen = 127.0.0.1:%2$d

                [realms]
                  %1$s = {
                    database_name = %3$s
                    key_stash_file = %4$s
                    acl_file = %5$s
                    kdc_listen = 127.0.0.1:%2$d
                    kdc_tcp_listen = 127.0.0.1:%2$d
                  }

                [logging]
                  kdc = FILE:%6$s
                """.formatted(REALM, port, directory.resolve("principal"),
                directory.resolve("stash"), directory.resolve("kadm5.acl"),
                directory.resolve("krb5kdc.log")));
    }

    private void createRealm() throws IOException, InterruptedException {
        run("kdb5_util", "create", "-s", "-r", REALM, "-P", "master-" + port);
    }

    private void startServer() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("krb5kdc", "-n", "-P", pidFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("krb5kdc.out").toFile());
        environment(builder, null);
        kdc = builder.start();
        awaitListening();
    }

    /** Answers 401 Negotiate, and keeps the token of the retry by request path. */
    private void startTokenCatcher() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Negotiate");
                exchange.sendResponseHeaders(401, -1);
            } else {
                tokens.put(exchange.getRequestURI().getPath(), authorization);
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        server.start();
    }

    private void awaitListening() throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            if (!kdc.isAlive()) {
                throw new IllegalStateException("krb5kdc ended at start: " + log("krb5kdc.out"));
            }
            try {
                new Socket(InetAddress.getLoopbackAddress(), port).close();
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("krb5kdc does not listen on port " + port);
    }

    private String run(String... command) throws IOException, InterruptedException {
        return runAs(null, null, command);
    }

    private String runAs(Path cache, String input, String... command)
            throws IOException, InterruptedException {
        Path output = directory.resolve("command-" + calls.incrementAndGet() + ".out");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        environment(builder, cache);
        Process process = builder.start();
        try (var stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new IllegalStateException(command[0] + " did not finish in time");
        }
        String printed = Files.readString(output);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command[0] + " failed (" + process.exitValue()
                    + "): " + printed.strip());
        }
        return printed;
    }

    private void environment(ProcessBuilder builder, Path cache) {
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("KRB5")
                || name.toLowerCase(Locale.ROOT).endsWith("_proxy"));
        environment.put("KRB5_CONFIG", krb5Conf.toString());
        environment.put("KRB5_KDC_PROFILE", kdcConf.toString());
        if (cache != null) {
            environment.put("KRB5CCNAME", "FILE:" + cache);
        }
    }

    private String log(String name) {
        try {
            return Files.readString(directory.resolve(name));
        } catch (IOException unreadable) {
            return "(no " + name + ")";
        }
    }
}
