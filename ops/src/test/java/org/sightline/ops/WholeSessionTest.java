package org.sightline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sightline.contracts.catalogue.EventType;
import org.sightline.ops.demo.DemoSession;

/** The demo's whole session through HTTP: the stored events and both read models. */
class WholeSessionTest extends SightlineIntegrationTest {

    @Test
    void aWholeSessionIsStoredInOrderAndReadBack() {
        String rep = newRep("whole-alice");
        String lsid = demo.play(demo.requestSupport("Carol Customer"), rep);

        List<String> stored = jdbc.queryForList("SELECT payloadtype FROM domainevententry"
                + " WHERE aggregateidentifier = ? ORDER BY sequencenumber", String.class, lsid);
        assertThat(stored).map(WholeSessionTest::catalogueName)
                .containsExactlyElementsOf(DemoSession.EXPECTED_LOG);
        assertThat(demo.awaitLogTypes(lsid, rep, Duration.ofSeconds(20)))
                .containsExactlyElementsOf(DemoSession.EXPECTED_LOG);
    }

    @Test
    void theSessionListShowsTheSessionWithItsRepAndTimes() {
        String rep = newRep("list-bob");
        String lsid = demo.play(demo.requestSupport("Dan Customer"), rep);
        demo.awaitLogTypes(lsid, rep, Duration.ofSeconds(20));
        await("the session list shows the end", Duration.ofSeconds(20), () -> !client
                .get("/api/sessions/" + lsid, rep).json().path("endedAt").isNull());

        JsonNode session = client.get("/api/sessions/" + lsid, rep).expect(200).json();

        assertThat(session.get("queue").asText()).isEqualTo("general");
        assertThat(session.get("customerIp").asText()).isEqualTo("127.0.0.1");
        assertThat(session.get("privateIp").asText()).isEqualTo("10.20.30.40");
        assertThat(session.get("reps")).extracting(JsonNode::asText).containsExactly("list-bob");
        assertThat(Duration.between(
                java.time.Instant.parse(session.get("startedAt").asText()),
                java.time.Instant.parse(session.get("endedAt").asText())))
                .isPositive();
    }

    @Test
    void theTextLogPrintsOneLinePerEventWithUtcMilliseconds() {
        String rep = newRep("text-carl");
        String lsid = demo.play(demo.requestSupport("Erin Customer"), rep);
        demo.awaitLogTypes(lsid, rep, Duration.ofSeconds(20));

        var text = client.get("/api/sessions/" + lsid + "/log.txt", rep).expect(200);

        assertThat(text.contentType()).startsWith("text/plain");
        List<String> lines = text.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("Session " + lsid + " (times in UTC)");
        assertThat(lines.subList(1, lines.size()))
                .hasSize(DemoSession.EXPECTED_LOG.size())
                .allMatch(line -> line.matches(
                        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z  .*"));
        assertThat(lines.get(lines.size() - 1))
                .contains("session.ended", "the session ended by rep text-carl: printer fixed");
    }

    @Test
    void aChatLineWithLineBreaksStaysOnOneLineOfTheTextLog() {
        String rep = newRep("newline-dora");
        var opened = demo.requestSupport("Fay Customer");
        client.post("/api/sessions/" + opened.lsid() + "/chat",
                Map.of("text", "line one\nline two\r\n\tthree\u2028four \u202Eexe"),
                opened.customerToken())
                .expect(200);
        client.post("/api/sessions/" + opened.lsid() + "/join", null, rep).expect(200);
        await("the log has both events", Duration.ofSeconds(20), () -> client
                .get("/api/sessions/" + opened.lsid() + "/log.txt", rep).body()
                .contains("session.rep.joined"));

        String text = client.get("/api/sessions/" + opened.lsid() + "/log.txt", rep).body();

        assertThat(text).contains("said: line one\\nline two\\r\\n\\tthree\\u2028four \\u202eexe")
                .hasLineCount(4);
    }

    private static String catalogueName(String payloadType) {
        try {
            return EventType.of(Class.forName(payloadType)).orElseThrow().typeName();
        } catch (ClassNotFoundException e) {
            throw new AssertionError(payloadType, e);
        }
    }
}
