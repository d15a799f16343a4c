package org.sightline.ops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sightline.ops.SightlineIntegrationTest;
import org.sightline.ops.demo.DemoSession;
import org.sightline.ops.demo.SightlineClient;
import org.sightline.ops.relay.RelaySocket;
import org.sightline.relay.Frame;
import org.sightline.relay.FrameKind;
import org.springframework.boot.test.web.server.LocalManagementPort;

/**
 * Health, readiness and metrics of a running Sightline: the probes on the main port tell
 * nothing but up or down, everything else of Actuator is on the management port only, and
 * the meters move when commands, events and relay frames go through.
 */
class MonitoringTest extends SightlineIntegrationTest {

    @LocalManagementPort
    int managementPort;

    private SightlineClient management() {
        return new SightlineClient(URI.create("http://127.0.0.1:" + managementPort));
    }

    @Test
    void probesOnTheMainPortSayUpAndNothingMore() {
        for (String probe : new String[] {"/livez", "/readyz"}) {
            SightlineClient.Response answer = client.get(probe, null);
            assertThat(answer.status()).as(probe).isEqualTo(200);
            assertThat(answer.json().get("status").asText()).isEqualTo("UP");
            assertThat(answer.json().has("components")).as("no details").isFalse();
        }
    }

    @Test
    void actuatorIsNotOnTheMainPort() {
        for (String path : new String[] {"/actuator/health", "/actuator/prometheus",
                "/actuator/env", "/actuator"}) {
            assertThat(client.get(path, null).status()).as(path).isEqualTo(404);
        }
    }

    @Test
    void readinessOnTheManagementPortNamesTheDatabaseAndTheProcessors() {
        SightlineClient.Response health = management().get("/actuator/health", null).expect(200);
        assertThat(health.json().at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(health.json().at("/components/r2dbc/status").asText()).isEqualTo("UP");
        assertThat(health.json().at("/components/trackingProcessors/details/session-log")
                .asText()).isEqualTo("running");
        assertThat(management().get("/actuator/health/readiness", null).status())
                .isEqualTo(200);
    }

    @Test
    void secretsAreNotExposed() {
        for (String path : new String[] {"/actuator/env", "/actuator/configprops",
                "/actuator/heapdump", "/actuator/threaddump", "/actuator/loggers",
                "/actuator/beans", "/actuator/mappings"}) {
            assertThat(management().get(path, null).status()).as(path).isEqualTo(404);
        }
        assertThat(management().get("/actuator/prometheus", null).body())
                .doesNotContain(ADMIN_PASSWORD, "master.key");
    }

    @Test
    void commandsAndAppendedEventsAreCounted() {
        String before = scrape();
        DemoSession.Opened opened = demo.requestSupport("Mona Metrics");
        String rep = newRep("metrics-rep");
        demo.play(opened, rep);
        client.post("/api/sessions/" + opened.lsid() + "/chat", Map.of("text", "too late"),
                rep).expect(409);

        String after = scrape();
        assertThat(delta(before, after, "sightline_commands_seconds_count",
                "command=\"RequestSupport\",outcome=\"ok\"")).isEqualTo(1);
        assertThat(delta(before, after, "sightline_commands_seconds_count",
                "command=\"PostChatMessage\",outcome=\"ok\"")).isEqualTo(2);
        assertThat(delta(before, after, "sightline_commands_seconds_count",
                "command=\"PostChatMessage\",outcome=\"refused\"")).isEqualTo(1);
        assertThat(delta(before, after, "sightline_events_appended_total",
                "type=\"session.requested\"")).isEqualTo(1);
        assertThat(delta(before, after, "sightline_events_appended_total",
                "type=\"session.chat\"")).isEqualTo(2);
    }

    @Test
    void processorLagFallsToZeroOnceTheProjectionsCatchUp() {
        DemoSession.Opened opened = demo.requestSupport("Lara Lag");
        await("the session log caught up", Duration.ofSeconds(20),
                () -> value(scrape(), "sightline_processor_lag",
                        "processor=\"session-log\"") == 0);
        assertThat(value(scrape(), "sightline_processor_lag", "processor=\"session-list\""))
                .isNotNaN();
        assertThat(opened.lsid()).isNotBlank();
    }

    @Test
    void relayBytesAndSessionsMove() throws Exception {
        DemoSession.Opened opened = demo.requestSupport("Rhea Relay");
        String rep = newRep("metrics-relay-rep");
        String path = "/api/sessions/" + opened.lsid();
        client.post(path + "/join", null, rep).expect(200);
        int number = client.post(path + "/permission-requests", Map.of("kind", "VIEW_SCREEN"),
                rep).expect(201).json().get("requestNumber").asInt();
        client.post(path + "/permission-requests/" + number + "/answer",
                Map.of("granted", true), opened.customerToken()).expect(200);
        String before = scrape();

        try (RelaySocket publisher = RelaySocket.connect(port, "/relay/sessions/"
                        + opened.lsid() + "/publish", relayToken(opened.lsid(),
                        opened.customerToken()));
                RelaySocket viewer = RelaySocket.connect(port, "/relay/sessions/"
                        + opened.lsid() + "/view", relayToken(opened.lsid(), rep))) {
            assertThat(value(scrape(), "sightline_relay_sessions", "")).isGreaterThanOrEqualTo(1);
            Frame frame = Frame.of(FrameKind.SCREEN_KEY, 1, micros(Instant.now()),
                    new byte[10_000]);
            publisher.send(frame);
            Frame relayed;
            do {
                relayed = viewer.next(Duration.ofSeconds(10));
            } while (relayed != null && relayed.kind() != FrameKind.SCREEN_KEY);
            assertThat(relayed).as("the frame reached the viewer").isNotNull();

            String during = scrape();
            assertThat(delta(before, during, "sightline_relay_bytes_total",
                    "direction=\"in\"")).isGreaterThanOrEqualTo(frame.bytes().length);
            assertThat(delta(before, during, "sightline_relay_bytes_total",
                    "direction=\"out\"")).isGreaterThanOrEqualTo(frame.bytes().length);
        }
    }

    private String relayToken(String lsid, String bearer) {
        return client.post("/api/sessions/" + lsid + "/relay-token", null, bearer).expect(200)
                .json().get("token").asText();
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }

    private String scrape() {
        SightlineClient.Response answer = management().get("/actuator/prometheus", null);
        assertThat(answer.status()).isEqualTo(200);
        return answer.body();
    }

    private static double delta(String before, String after, String name, String labels) {
        double earlier = value(before, name, labels);
        return value(after, name, labels) - (Double.isNaN(earlier) ? 0 : earlier);
    }

    /**
     * The sample of {@code name} whose labels contain {@code labels}; NaN when there is none.
     */
    static double value(String exposition, String name, String labels) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name)
                + "(?:\\{([^}]*)\\})? (\\S+)$").matcher(exposition);
        while (sample.find()) {
            String found = sample.group(1) == null ? "" : sample.group(1);
            if (found.contains(labels)) {
                return Double.parseDouble(sample.group(2));
            }
        }
        return Double.NaN;
    }
}
