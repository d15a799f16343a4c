package org.sightline.ops.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sightline.ops.SightlineIntegrationTest;
import org.springframework.boot.test.web.server.LocalManagementPort;

/**
 * The pages in a real browser: Debian's headless Chromium, driven by playwright-core
 * (installed by ops/scripts/ensure-test-programs.sh), plays a whole session as a customer and
 * a rep in two browser contexts, then an auditor opens it (browser-tests/whole-session.mjs
 * holds every step and what each must show). This test then checks that the store holds
 * what the pages did, and keeps the screenshots under target/screenshots.
 */
class BrowserTest extends SightlineIntegrationTest {

    private static final Duration LIMIT = Duration.ofMinutes(4);
    private static final String AUDITOR_PASSWORD = "auditor-password-for-tests";

    @LocalManagementPort
    int managementPort;

    /**
     * For a failed run: the server's busy threads, the rep's queue over the API and as a
     * stream, and the connection pools, to tell a page that waits from a server that does.
     */
    private void printWhatTheServerHeld(String rep) throws Exception {
        // The server's threads as the script gave up, but those waiting for work.
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            boolean idle = stack.length > 0 && (stack[0].getMethodName().contains("epollWait")
                    || stack[0].getMethodName().equals("park"));
            if (!idle && (thread.getName().startsWith("reactor-")
                    || thread.getName().startsWith("parallel")
                    || thread.getName().startsWith("boundedElastic"))) {
                System.out.println("BrowserTest: thread " + thread.getName() + " "
                        + thread.getState() + " " + Arrays.toString(
                                Arrays.copyOf(stack, Math.min(stack.length, 25))));
            }
        });
        // What the rep's queue holds over the API, to tell the page from the server.
        var queue = client.get("/api/queue", demo.signIn(rep, REP_PASSWORD));
        String body = queue.body();
        System.out.println("BrowserTest: GET /api/queue as " + rep + ": " + queue.status()
                + " " + body.substring(0, Math.min(body.length(), 300)));
        System.out.println("BrowserTest: the queue stream: " + firstBytesOfQueueStream(
                demo.signIn(rep, REP_PASSWORD)));
        String meters = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
        meters.lines().filter(line -> line.startsWith("r2dbc_pool")
                || line.startsWith("hikaricp_connections")
                || line.startsWith("jvm_threads_live")
                || line.startsWith("reactor_netty_connection_provider"))
                .forEach(line -> System.out.println("BrowserTest: " + line));
    }

    /** Status, headers and whatever the queue stream sends within five seconds. */
    private String firstBytesOfQueueStream(String token) {
        try {
            var answer = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + port + "/api/queue/stream"))
                            .header("Authorization", "Bearer " + token)
                            .header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            var response = answer.get(5, TimeUnit.SECONDS);
            byte[] first = new byte[600];
            var reading = CompletableFuture.supplyAsync(() -> {
                try {
                    return response.body().read(first);
                } catch (IOException e) {
                    return -1;
                }
            });
            int read = reading.get(5, TimeUnit.SECONDS);
            return response.statusCode() + " " + response.headers().map() + " "
                    + new String(first, 0, Math.max(read, 0));
        } catch (Exception e) {
            return "nothing: " + e;
        }
    }

    @Test
    void aWholeSessionThroughThePages() throws Exception {
        String rep = "page-rep";
        String rep2 = "page-rep-2";
        String auditor = "page-auditor";
        newRep(rep);
        newRep(rep2);
        client.post("/api/accounts", Map.of("account", auditor, "role", "AUDITOR",
                "password", AUDITOR_PASSWORD), admin()).expect(201);

        Path screenshots = Path.of("target", "screenshots").toAbsolutePath();
        Run run = runScript("whole-session.mjs", Map.of(
                "SIGHTLINE_URL", "http://127.0.0.1:" + port, "REP", rep,
                "REP_PASSWORD", REP_PASSWORD, "REP2", rep2, "AUDITOR", auditor,
                "AUDITOR_PASSWORD", AUDITOR_PASSWORD, "SCREENSHOTS", screenshots.toString()));
        if (run.exitCode() != 0) {
            printWhatTheServerHeld(rep);
        }
        assertThat(run.exitCode()).as("the browser script failed:%n%s", run.errors())
                .isZero();
        if (run.errors().contains("NOTE:")) {
            System.out.println(run.errors()); // what the script saw and worked around
        }

        JsonNode result = new ObjectMapper().readTree(run.output());
        String lsid = result.get("lsid").asText();
        String auditorToken = demo.signIn(auditor, AUDITOR_PASSWORD);
        JsonNode log = client.get("/api/sessions/" + lsid + "/log", auditorToken).expect(200)
                .json();
        List<String> types = new ArrayList<>();
        log.forEach(entry -> types.add(entry.get("type").asText()));
        assertThat(types).containsSubsequence("session.requested", "session.rep.joined",
                "session.chat", "session.chat", "session.permission.requested",
                "session.permission.granted", "session.permission.requested",
                "session.permission.granted", "session.control.given",
                "session.control.taken-back", "session.permission.requested",
                "session.permission.granted", "session.system-information", "session.note",
                "session.rep.invited", "session.recording.segment", "session.ended");
        assertThat(types).doesNotContain("session.permission.denied", "session.input.dropped");
        // What the rep typed is stored as typed; the pages only ever showed it as text.
        assertThat(log.findValues("line").stream().map(JsonNode::asText))
                .contains(rep + " said: <script>window.__injected = 1</script><b>bold?</b>"
                        + " & \"quotes\"");
        JsonNode segments = client.get("/api/sessions/" + lsid + "/recording/timeline",
                auditorToken).expect(200).json().get("segments");
        assertThat(segments.size()).isPositive();
        assertThat(result.get("chain").asText()).matches("Hash chain (verified|has not).*");
        for (String page : List.of("portal-waiting", "portal-controlled", "portal-ended",
                "console-controlling", "console", "audit")) {
            assertThat(screenshots.resolve(page + ".png")).isNotEmptyFile();
        }
    }

    record Run(int exitCode, String output, String errors) {
    }

    /** Runs the script with node; stops it, and the browser it started, by PID at the limit. */
    static Run runScript(String script, Map<String, String> environment) throws IOException,
            InterruptedException {
        Path directory = Path.of("browser-tests").toAbsolutePath();
        Path output = Files.createTempFile("browser-test", ".out");
        Path errors = Files.createTempFile("browser-test", ".err");
        ProcessBuilder builder = new ProcessBuilder("node", script)
                .directory(directory.toFile())
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new AssertionError("the browser script ran past " + LIMIT + ":\n"
                        + Files.readString(errors, StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8),
                    Files.readString(errors, StandardCharsets.UTF_8));
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
        }
    }
}
