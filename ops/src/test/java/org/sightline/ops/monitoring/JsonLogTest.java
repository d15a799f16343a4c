package org.sightline.ops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sightline.ops.Sightline;
import org.sightline.ops.TestProcesses;

/**
 * {@code SIGHTLINE_LOG_FORMAT=ecs} makes every log line a JSON object, in a Sightline of its
 * own (a child JVM: the logging system is set up once per JVM). The bootstrap admin's one-time
 * password goes to standard output on a line of its own, never into a log line.
 */
class JsonLogTest {

    @Test
    void logLinesAreJsonWhenAskedFor() throws Exception {
        Path keys = Files.createTempDirectory("sightline-json-log-");
        ProcessBuilder sightline = new ProcessBuilder(TestProcesses.sightline(
                "--server.port=0", "--server.address=127.0.0.1", "--management.server.port=0",
                "--sightline.embedded-database.ephemeral=true",
                "--sightline.encryption.master-key-file=" + keys.resolve("master.key"),
                "--sightline.audit.signing-key-file=" + keys.resolve("signing.pem"),
                "--sightline.relay.token-key-file=" + keys.resolve("relay.key"),
                "--sightline.relay.recordings-directory=" + keys.resolve("recordings")))
                .redirectErrorStream(true);
        sightline.environment().put("SIGHTLINE_LOG_FORMAT", "ecs");
        Process started = sightline.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(
                started.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                // The password is printed once the application is ready, after "Started".
                if (line.startsWith("Sightline bootstrap admin:") || lines.size() > 2000) {
                    break;
                }
            }
        } finally {
            TestProcesses.stop(started, Duration.ofSeconds(60));
        }

        ObjectMapper json = new ObjectMapper();
        String password = passwordOf(lines);
        List<JsonNode> logged = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("Sightline bootstrap admin:") || !line.startsWith("{")) {
                continue; // what Sightline prints for the operator, not a log line
            }
            logged.add(json.readTree(line));
            assertThat(line).doesNotContain(password);
        }
        assertThat(lines).as("Sightline started").anyMatch(l -> l.contains("Started Sightline"));
        assertThat(logged).hasSizeGreaterThan(5);
        for (JsonNode entry : logged) {
            assertThat(entry.has("@timestamp")).isTrue();
            assertThat(entry.path("log").path("level").asText()).isNotEmpty();
            assertThat(entry.has("message")).isTrue();
        }
        assertThat(lines.stream().filter(l -> !l.startsWith("{")))
                .as("only what is printed for the operator is not JSON")
                .allMatch(l -> l.startsWith("Sightline ") || l.startsWith("  ")
                        || l.startsWith("-----") || l.isBlank() || l.startsWith("MCow"));
    }

    private static String passwordOf(List<String> lines) throws IOException {
        return lines.stream().filter(l -> l.startsWith("Sightline bootstrap admin:"))
                .map(l -> l.replaceAll(".* / (\\S+) .*", "$1"))
                .findFirst()
                .orElseThrow(() -> new IOException("no bootstrap password printed"));
    }
}
