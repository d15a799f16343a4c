package org.sightline.ops.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.sightline.ops.Sightline;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code sightline demo}: starts Sightline on a free loopback port with a fresh embedded
 * database (deleted afterwards), plays a whole support session through the public HTTP API,
 * prints the session's text log, stops, and answers 0 only if the log holds every step in
 * order.
 */
public final class Demo {

    private Demo() {
    }

    /** Runs the demo; the answer is the process's exit code. */
    public static int run(String[] args) {
        String adminPassword = randomSecret();
        Path keys = temporaryDirectory();
        SpringApplication application = new SpringApplication(Sightline.class);
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--server.shutdown=immediate",
                "--sightline.tls.enabled=false",
                // No management port: a demo beside a running server must not collide with it.
                "--management.server.port=-1",
                "--logging.level.root=warn",
                "--sightline.embedded-database.ephemeral=true",
                "--sightline.audit.signing-key-file=" + keys.resolve("checkpoint-key.pem"),
                "--sightline.encryption.master-key-file=" + keys.resolve("master.key"),
                "--sightline.relay.token-key-file=" + keys.resolve("relay-token.key"),
                "--sightline.relay.recordings-directory=" + keys.resolve("recordings"),
                "--sightline.bootstrap.admin-password=" + adminPassword));
        arguments.addAll(List.of(args));

        try (ConfigurableApplicationContext context =
                application.run(arguments.toArray(String[]::new))) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            return play(new SightlineClient(URI.create("http://127.0.0.1:" + port)),
                    adminPassword);
        } finally {
            deleteRecursively(keys);
        }
    }

    private static int play(SightlineClient client, String adminPassword) {
        DemoSession demo = new DemoSession(client);
        String rep = demo.signInNewRep(adminPassword, "alice", randomSecret());
        String lsid = demo.play(demo.requestSupport("Carol Customer"), rep);
        List<String> types = demo.awaitLogTypes(lsid, rep, Duration.ofSeconds(30));

        System.out.println();
        System.out.print(client.get("/api/sessions/" + lsid + "/log.txt", rep).expect(200).body());
        System.out.println();
        if (!types.equals(DemoSession.EXPECTED_LOG)) {
            System.out.println("DEMO FAILED: the log holds " + types + " but every step in order"
                    + " is " + DemoSession.EXPECTED_LOG);
            return 1;
        }
        System.out.println("DEMO PASSED: session " + lsid + " logged all "
                + types.size() + " steps in order");
        return 0;
    }

    private static String randomSecret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("sightline-demo-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + directory + ": " + e.getMessage());
        }
    }
}
