package org.sightline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sightline.ops.demo.DemoSession;
import org.sightline.ops.demo.SightlineClient;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two isolated sites on one host, as README "Several sites on one host" sets them up: each
 * with its own directory (its database, keys and recordings), its own port and management
 * port. A session of one is unknown to the other, and neither shares a key with the other.
 */
class SitesTest {

    private static final String PASSWORD = "site-admin-password";

    @Test
    void twoSitesOnOneHostShareNothing() throws IOException {
        Path home = Files.createTempDirectory("sightline-sites-");
        try (ConfigurableApplicationContext north = site(home.resolve("north"));
                ConfigurableApplicationContext south = site(home.resolve("south"))) {
            DemoSession northDemo = new DemoSession(client(north));
            SightlineClient southClient = client(south);
            DemoSession southDemo = new DemoSession(southClient);

            DemoSession.Opened opened = northDemo.requestSupport("Nora North");
            String northAdmin = northDemo.signIn("admin", PASSWORD);
            String southAdmin = southDemo.signIn("admin", PASSWORD);

            SightlineIntegrationTest.await("the north site lists its session",
                    java.time.Duration.ofSeconds(20), () -> client(north)
                            .get("/api/sessions/" + opened.lsid(), northAdmin).status() == 200);
            assertThat(southClient.get("/api/sessions/" + opened.lsid(), southAdmin).status())
                    .isEqualTo(404);
            assertThat(southClient.get("/api/sessions", southAdmin).expect(200).body())
                    .doesNotContain(opened.lsid());
            assertThat(port(north)).isNotEqualTo(port(south));
            assertThat(north.getBean(EmbeddedPostgres.class).getPort())
                    .isNotEqualTo(south.getBean(EmbeddedPostgres.class).getPort());
        }
        for (String key : List.of("master.key", "checkpoint-signing-key.pem",
                "checkpoint-signing-key.pem.pub", "relay-token.key")) {
            byte[] north = Files.readAllBytes(home.resolve("north/.sightline").resolve(key));
            byte[] south = Files.readAllBytes(home.resolve("south/.sightline").resolve(key));
            assertThat(north).as(key).isNotEqualTo(south);
        }
        assertThat(home.resolve("north/.sightline/postgres/PG_VERSION")).exists();
        assertThat(home.resolve("south/.sightline/postgres/PG_VERSION")).exists();
    }

    /** A site whose every file lives under its directory, as its working directory would. */
    private static ConfigurableApplicationContext site(Path directory) {
        Path state = directory.resolve(".sightline");
        return new SpringApplication(Sightline.class).run(
                "--server.port=0", "--server.address=127.0.0.1", "--server.shutdown=immediate",
                "--management.server.port=0",
                "--sightline.embedded-database.directory=" + state.resolve("postgres"),
                "--sightline.encryption.master-key-file=" + state.resolve("master.key"),
                "--sightline.audit.signing-key-file="
                        + state.resolve("checkpoint-signing-key.pem"),
                "--sightline.relay.token-key-file=" + state.resolve("relay-token.key"),
                "--sightline.relay.recordings-directory=" + state.resolve("recordings"),
                "--sightline.bootstrap.admin-password=" + PASSWORD);
    }

    private static int port(ConfigurableApplicationContext site) {
        return ((WebServerApplicationContext) site).getWebServer().getPort();
    }

    private static SightlineClient client(ConfigurableApplicationContext site) {
        return new SightlineClient(URI.create("http://127.0.0.1:" + port(site)));
    }
}
