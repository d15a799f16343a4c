package org.sightline.ops;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.sightline.contracts.Lsid;
import org.sightline.ops.demo.DemoSession;
import org.sightline.ops.demo.SightlineClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The base of the tests that run Sightline whole, on a real (embedded) PostgreSQL, and talk
 * to it over HTTP. Every subclass shares one application context and one database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "sightline.embedded-database.ephemeral=true",
    "sightline.bootstrap.admin-password=" + SightlineIntegrationTest.ADMIN_PASSWORD,
    "server.address=127.0.0.1",
    "sightline.audit.signing-key-file=${java.io.tmpdir}/test-checkpoint-key.pem",
    "sightline.encryption.master-key-file=${java.io.tmpdir}/test-master.key",
    // The test client's idle keep-alive connections would hold a graceful shutdown for its
    // whole timeout.
    "server.shutdown=immediate"})
public abstract class SightlineIntegrationTest {

    protected static final String ADMIN_PASSWORD = "admin-password-for-tests";
    protected static final String REP_PASSWORD = "rep-password-for-tests";

    @LocalServerPort
    int port;

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
