package org.sightline.ops.audit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Runs {@code sightline-audit} in the test JVM against a test database, as the application
 * role and with the tests' master key, and keeps what it printed.
 */
public final class AuditTool {

    private final int port;

    public AuditTool(int port) {
        this.port = port;
    }

    public record Run(int exit, String out, String err) {
    }

    public Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new AuditCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(
                        "SIGHTLINE_AUDIT_JDBC_URL", "jdbc:postgresql://localhost:" + port
                                + "/sightline",
                        "SIGHTLINE_AUDIT_USER", "sightline_app",
                        "SIGHTLINE_AUDIT_MASTER_KEY_FILE", System.getProperty("java.io.tmpdir")
                                + "/test-master.key"))
                .execute(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }
}
