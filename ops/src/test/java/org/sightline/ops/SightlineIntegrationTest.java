package org.sightline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.sightline.contracts.Lsid;
import org.sightline.ops.demo.DemoSession;
import org.sightline.ops.demo.SightlineClient;
import org.sightline.ops.demo.SightlineClient.Response;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The base of the tests that run Sightline whole, on a real (embedded) PostgreSQL, and talk
 * to it over HTTP. Every subclass shares one application context and one database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "sightline.embedded-database.ephemeral=true",
    "sightline.bootstrap.admin-password=" + SightlineIntegrationTest.ADMIN_PASSWORD,
    "server.address=127.0.0.1",
    // The tests talk plain HTTP; tls/ tests run HTTPS in a context of their own.
    "sightline.tls.enabled=false",
    "sightline.audit.signing-key-file=${java.io.tmpdir}/test-checkpoint-key.pem",
    "sightline.encryption.master-key-file=${java.io.tmpdir}/test-master.key",
    "sightline.relay.token-key-file=${java.io.tmpdir}/test-relay-token.key",
    "sightline.relay.recordings-directory=${java.io.tmpdir}/test-recordings",
    // The test client's idle keep-alive connections would hold a graceful shutdown for its
    // whole timeout.
    "server.shutdown=immediate"})
public abstract class SightlineIntegrationTest {

    protected static final String ADMIN_PASSWORD = "admin-password-for-tests";
    protected static final String REP_PASSWORD = "rep-password-for-tests";

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    protected SightlineClient client;
    protected DemoSession demo;

    @BeforeEach
    void connect() {
        client = new SightlineClient(URI.create("http://127.0.0.1:" + port));
        demo = new DemoSession(client);
    }

    /** A rep account made for one test (names must be unique across the shared database). */
    protected String newRep(String name) {
        return demo.signInNewRep(ADMIN_PASSWORD, name, REP_PASSWORD);
    }

    /** A rep account serving these teams rather than the team general. */
    protected String newRep(String name, String... teams) {
        return demo.signInNewRep(ADMIN_PASSWORD, name, REP_PASSWORD, List.of(teams));
    }

    /** An RFC 9457 problem with this status, a detail saying this, and no stack trace. */
    public static void assertProblem(Response answer, int status, String detail) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("status").asInt()).isEqualTo(status);
        assertThat(answer.json().get("detail").asText()).contains(detail);
        assertThat(answer.body()).doesNotContain("Exception", "\tat ", "org.sightline.");
    }

    protected String admin() {
        return demo.signIn("admin", ADMIN_PASSWORD);
    }

    /**
     * Events stored by requests: the checkpoint stream is left out, since checkpoints are
     * signed in the background (after a session ends, and every minute).
     */
    protected long eventCount() {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry"
                + " WHERE aggregateidentifier <> ?", Long.class, Lsid.CHECKPOINTS.value());
    }

    protected long eventCount(String lsid) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
                Long.class, lsid);
    }

    /**
     * A second Sightline node on the test database, as the application role with migrations
     * as the owner, sharing the tests' keys; the caller closes it.
     */
    protected static ConfigurableApplicationContext secondNode(int postgresPort,
            String... extraArguments) {
        String url = "localhost:" + postgresPort + "/sightline";
        String tmp = System.getProperty("java.io.tmpdir");
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.datasource.url=jdbc:postgresql://" + url,
                "--spring.datasource.username=sightline_app",
                "--spring.r2dbc.url=r2dbc:postgresql://" + url,
                "--spring.r2dbc.username=sightline_app",
                "--sightline.database.owner-username=sightline_owner",
                "--server.port=0", "--server.address=127.0.0.1",
                "--server.shutdown=immediate", "--sightline.tls.enabled=false",
                "--sightline.audit.signing-key-file=" + tmp + "/test-checkpoint-key.pem",
                "--sightline.encryption.master-key-file=" + tmp + "/test-master.key",
                "--sightline.relay.token-key-file=" + tmp + "/test-relay-token.key",
                "--sightline.relay.recordings-directory=" + tmp + "/test-recordings"));
        for (String extra : extraArguments) { // an extra argument replaces a default one
            String key = extra.substring(0, extra.indexOf('=') + 1);
            arguments.removeIf(argument -> argument.startsWith(key));
            arguments.add(extra);
        }
        return new SpringApplication(Sightline.class).run(arguments.toArray(String[]::new));
    }

    /**
     * Runs SQL on this embedded server as the superuser with every trigger off, as an
     * attacker with that power would.
     */
    protected static void tamper(EmbeddedPostgres postgres, String sql, Object... arguments) {
        try (Connection connection = postgres.getDatabase("postgres", "sightline")
                .getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SET session_replication_role = replica");
            new JdbcTemplate(new SingleConnectionDataSource(connection, true))
                    .update(sql, arguments);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
