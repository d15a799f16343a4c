package org.sightline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sightline.ops.demo.DemoSession;
import org.sightline.ops.demo.SightlineClient;

/**
 * Two isolated sites on one host, as README "Several sites on one host" sets them up: two
 * Sightline processes, each started in a working directory of its own with the default file
 * settings, so that each has its own embedded database, keys and recordings under its
 * {@code .sightline/}, and its own port. A session of one is unknown to the other, and
 * neither shares a key with the other.
 */
class SitesTest {

    private static final String PASSWORD = "site-admin-password";
    private static final Pattern LISTENING = Pattern.compile("Netty started on port (\\d+)");

    @Test
    void twoSitesOnOneHostShareNothing() throws Exception {
        Path home = Files.createTempDirectory("sightline-sites-");
        Site north = Site.start(home.resolve("north"));
        try (north; Site south = Site.start(home.resolve("south"))) {
            DemoSession northDemo = new DemoSession(north.client());
            DemoSession southDemo = new DemoSession(south.client());

            DemoSession.Opened opened = northDemo.requestSupport("Nora North");
            String northAdmin = northDemo.signIn("admin", PASSWORD);
            String southAdmin = southDemo.signIn("admin", PASSWORD);

            SightlineIntegrationTest.await("the north site lists its session",
                    Duration.ofSeconds(20), () -> north.client()
                            .get("/api/sessions/" + opened.lsid(), northAdmin).status() == 200);
            assertThat(south.client().get("/api/sessions/" + opened.lsid(), southAdmin)
                    .status()).isEqualTo(404);
            assertThat(south.client().get("/api/sessions", southAdmin).expect(200).body())
                    .doesNotContain(opened.lsid());
            assertThat(north.port).isNotEqualTo(south.port);
        }
        for (String key : List.of("master.key", "checkpoint-signing-key.pem",
                "checkpoint-signing-key.pem.pub", "relay-token.key")) {
            byte[] northKey = Files.readAllBytes(home.resolve("north/.sightline").resolve(key));
            byte[] southKey = Files.readAllBytes(home.resolve("south/.sightline").resolve(key));
            assertThat(northKey).as(key).isNotEqualTo(southKey);
        }
        assertThat(home.resolve("north/.sightline/postgres/PG_VERSION")).exists();
        assertThat(home.resolve("south/.sightline/postgres/PG_VERSION")).exists();
    }

    /** A Sightline process this test started, in its own working directory. */
    private record Site(Process process, int port) implements AutoCloseable {

        static Site start(Path directory) throws IOException {
            Files.createDirectories(directory);
            Process process = new ProcessBuilder(TestProcesses.sightline(
                    "--server.port=0", "--server.address=127.0.0.1",
                    "--management.server.port=-1",
                    // Plain HTTP keeps the client simple; TlsTest covers HTTPS itself.
                    "--sightline.tls.enabled=false",
                    "--sightline.bootstrap.admin-password=" + PASSWORD))
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .start();
            BufferedReader out = new BufferedReader(new InputStreamReader(
                    process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    drain(out);
                    return new Site(process, Integer.parseInt(listening.group(1)));
                }
            }
            process.destroy();
            throw new IOException("the site in " + directory + " ended before it listened");
        }

        /** Keeps reading the site's output, so that it never blocks on a full pipe. */
        private static void drain(BufferedReader out) {
            Thread reader = new Thread(() -> {
                try {
                    while (out.readLine() != null) {
                        // only drained
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "site-output");
            reader.setDaemon(true);
            reader.start();
        }

        SightlineClient client() {
            return new SightlineClient(URI.create("http://127.0.0.1:" + port));
        }

        /** Stops the site by its own process handle (SIGTERM), and waits for it. */
        @Override
        public void close() throws InterruptedException {
            TestProcesses.stop(process, Duration.ofSeconds(60));
        }
    }
}
