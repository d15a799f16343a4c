package org.sightline.ops.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.sightline.ops.SightlineIntegrationTest;
import org.sightline.ops.demo.DemoSession;
import org.sightline.ops.demo.SightlineClient;

/**
 * What the pages follow: a session's log as Server-Sent Events, the live queue with
 * invitations, the queue position and the portal's settings; each tried from the side of
 * the one who must be refused, and refusals store nothing.
 */
class LiveTest extends SightlineIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private DemoSession.Opened request(String queue, String name) {
        JsonNode opened = client.post("/api/sessions", Map.of("queue", queue,
                "customerName", name, "problemDescription", "the screen is blue",
                "clientKind", "BROWSER"), null).expect(201).json();
        return new DemoSession.Opened(opened.get("lsid").asText(),
                opened.get("customerToken").asText());
    }

    @Test
    void theCustomerFollowsTheirSessionWithoutTheRepsNotes() throws Exception {
        String rep = newRep("live-rep-1");
        DemoSession.Opened session = request("general", "Grace Hopper");
        String path = "/api/sessions/" + session.lsid();
        client.post(path + "/join", null, rep).expect(200);
        client.post(path + "/notes", Map.of("text", "customer sounds upset"), rep).expect(200);
        client.post(path + "/chat", Map.of("text", "Hello <b>Grace</b>"), rep).expect(200);

        try (EventStream customer = EventStream.open(url(path + "/events"),
                session.customerToken(), null)) {
            assertThat(customer.status).isEqualTo(200);
            List<EventStream.Event> seen = customer.until(
                    e -> e.data().get("type").asText().equals("session.chat"), WAIT);
            assertThat(seen).extracting(e -> e.data().get("type").asText())
                    .containsExactly("session.requested", "session.rep.joined", "session.chat");
            assertThat(seen).allMatch(e -> e.name().equals("log")
                    && e.id().equals(e.data().get("position").asText()));
            JsonNode chat = seen.get(2).data().get("details");
            assertThat(chat.get("text").asText()).isEqualTo("Hello <b>Grace</b>");
            assertThat(chat.get("author").get("name").asText()).isEqualTo("live-rep-1");

            // New entries arrive while the stream is open.
            client.post(path + "/permission-requests", Map.of("kind", "VIEW_SCREEN"), rep)
                    .expect(201);
            JsonNode asked = customer.until(e -> e.data().get("type").asText()
                    .equals("session.permission.requested"), WAIT).get(0).data();
            assertThat(asked.get("details").get("kind").asText()).isEqualTo("VIEW_SCREEN");
            assertThat(asked.get("details").get("requestNumber").asInt()).isEqualTo(1);
        }

        // The rep sees the note; a reconnect with Last-Event-ID resumes after it.
        try (EventStream repStream = EventStream.open(url(path + "/events"), rep, null)) {
            List<EventStream.Event> seen = repStream.until(
                    e -> e.data().get("type").asText().equals("session.note"), WAIT);
            String noteId = seen.get(seen.size() - 1).id();
            try (EventStream resumed = EventStream.open(url(path + "/events"), rep, noteId)) {
                EventStream.Event first = resumed.until(e -> true, WAIT).get(0);
                assertThat(first.data().get("type").asText()).isEqualTo("session.chat");
                assertThat(Long.parseLong(first.id())).isGreaterThan(Long.parseLong(noteId));
            }
        }
    }

    @Test
    void sessionStreamsAreRefusedToOthersAndStoreNothing() throws Exception {
        String rep = newRep("live-rep-2");
        String outsider = newRep("live-rep-3", "elsewhere");
        DemoSession.Opened session = request("general", "Alan Turing");
        DemoSession.Opened other = request("general", "Someone Else");
        String path = "/api/sessions/" + session.lsid() + "/events";
        client.post("/api/sessions/" + session.lsid() + "/join", null, rep).expect(200);
        await("the session list shows the rep", WAIT, () -> client.get("/api/sessions/"
                + session.lsid(), rep).status() == 200);
        String admin = admin();
        long before = eventCount();

        assertThat(client.get(path, null).status()).isEqualTo(401);
        assertThat(client.get(path, "not-a-token").status()).isEqualTo(401);
        assertThat(client.get(path, other.customerToken()).status()).isEqualTo(403);
        SightlineClient.Response refused = client.get(path, outsider);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asText()).contains("did not take part");
        assertThat(client.get("/api/sessions/" + "0".repeat(31) + "1/events", outsider)
                .status()).isEqualTo(404);
        assertThat(client.get(path + "?after=twelve", rep).status()).isEqualTo(400);
        assertThat(client.get(path + "?after=twelve", null).status()).isEqualTo(401);
        assertThat(client.get("/api/sessions/" + "f".repeat(32) + "/events", admin)
                .status()).isEqualTo(404);
        assertThat(client.get("/api/sessions/" + other.lsid() + "/position",
                session.customerToken()).status()).isEqualTo(403);
        assertThat(client.get("/api/queue/stream", session.customerToken()).status())
                .isEqualTo(403);
        assertThat(client.get("/api/queue/stream", null).status()).isEqualTo(401);
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aConsoleStreamEndsWhenItsUserSignsOut() throws Exception {
        String rep = newRep("live-rep-9");
        try (EventStream queue = EventStream.open(url("/api/queue/stream"), rep, null)) {
            queue.until(e -> e.name().equals("queue"), WAIT);
            client.post("/api/console/logout", null, rep).expect(204);
            assertThat(queue.endsWithin(WAIT)).as("the stream ends after sign-out").isTrue();
        }
        try (EventStream again = EventStream.open(url("/api/queue/stream"), rep, null)) {
            assertThat(again.status).isEqualTo(401);
        }
    }

    /**
     * A console token lives 30 minutes after its last use; a page's stream, reconnecting by
     * itself, is no use: an unattended console must sign itself out.
     */
    @Test
    void aStreamDoesNotKeepAnIdleConsoleSignedIn() throws Exception {
        String rep = newRep("live-rep-10");
        byte[] hash = MessageDigest.getInstance("SHA-256")
                .digest(rep.getBytes(StandardCharsets.US_ASCII));
        Instant soon = Instant.now().plus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.MILLIS);
        jdbc.update("UPDATE access_token SET expires_at = ? WHERE token_hash = ?",
                Timestamp.from(soon), hash);

        try (EventStream queue = EventStream.open(url("/api/queue/stream"), rep, null)) {
            queue.until(e -> e.name().equals("queue"), WAIT);
        }
        HttpResponse<java.io.InputStream> withParameters = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url("/api/queue/stream")))
                        .header("Accept", "text/event-stream;charset=utf-8")
                        .header("Authorization", "Bearer " + rep).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(withParameters.statusCode()).isEqualTo(200);
        withParameters.body().close();
        assertThat(expiresAt(hash)).isEqualTo(soon);

        client.get("/api/queue", rep).expect(200);
        assertThat(expiresAt(hash)).isAfter(soon.plus(Duration.ofMinutes(20)));
    }

    /** A stream ends when its console token lapses, though nobody signed out. */
    @Test
    void aStreamEndsWhenItsTokenLapses() throws Exception {
        String rep = newRep("live-rep-12");
        byte[] hash = MessageDigest.getInstance("SHA-256")
                .digest(rep.getBytes(StandardCharsets.US_ASCII));
        jdbc.update("UPDATE access_token SET expires_at = ? WHERE token_hash = ?",
                Timestamp.from(Instant.now().plusSeconds(3)), hash);
        try (EventStream queue = EventStream.open(url("/api/queue/stream"), rep, null)) {
            queue.until(e -> e.name().equals("queue"), WAIT);
            assertThat(queue.endsWithin(WAIT)).as("the stream ends with its token").isTrue();
        }
        try (EventStream again = EventStream.open(url("/api/queue/stream"), rep, null)) {
            assertThat(again.status).isEqualTo(401);
        }
    }

    private Instant expiresAt(byte[] hash) {
        return jdbc.queryForObject("SELECT expires_at FROM access_token WHERE token_hash = ?",
                Timestamp.class, hash).toInstant();
    }

    /** A refused stream answers with a problem body, not with an event that holds one. */
    @Test
    void aRefusedStreamAnswersWithAProblemBody() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        DemoSession.Opened session = request("general", "Problem Customer");
        for (String[] attempt : List.of(new String[] {"/events", "not-a-token"},
                new String[] {"/events?after=x", session.customerToken()})) {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(
                            url("/api/sessions/" + session.lsid() + attempt[0])))
                    .header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + attempt[1]).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(attempt[0]).isIn(400, 401);
            assertThat(refused.headers().firstValue("Content-Type")).as(attempt[0])
                    .hasValueSatisfying(type -> assertThat(type)
                            .startsWith("application/problem+json"));
            assertThat(refused.body()).as(attempt[0]).startsWith("{").contains("\"detail\"");
        }
    }

    @Test
    void theCustomerSeesTheirPlaceInTheQueue() {
        String rep = newRep("live-rep-4", "live-position");
        DemoSession.Opened first = request("live-position", "First Customer");
        DemoSession.Opened second = request("live-position", "Second Customer");
        await("both are listed", WAIT, () -> client.get("/api/sessions/" + second.lsid()
                + "/position", second.customerToken()).status() == 200);

        JsonNode place = client.get("/api/sessions/" + second.lsid() + "/position",
                second.customerToken()).expect(200).json();
        assertThat(place.get("position").asInt()).isEqualTo(2);
        assertThat(place.get("waiting").asInt()).isEqualTo(2);
        assertThat(place.get("queue").asText()).isEqualTo("live-position");

        client.post("/api/sessions/" + first.lsid() + "/join", null, rep).expect(200);
        await("the second moves up", WAIT, () -> client.get("/api/sessions/" + second.lsid()
                + "/position", second.customerToken()).json().get("position").asInt() == 1);
        JsonNode taken = client.get("/api/sessions/" + first.lsid() + "/position",
                first.customerToken()).expect(200).json();
        assertThat(taken.get("position").isNull()).isTrue();
        assertThat(taken.get("owner").asText()).isEqualTo("live-rep-4");
    }

    @Test
    void theQueueStreamShowsWaitingSessionsAndInvitations() throws Exception {
        String owner = newRep("live-rep-5");
        String invited = newRep("live-rep-6");
        String bystander = newRep("live-rep-7");
        DemoSession.Opened session = request("general", "Ada Byron");
        String path = "/api/sessions/" + session.lsid();

        try (EventStream queue = EventStream.open(url("/api/queue/stream"), invited, null)) {
            assertThat(queue.status).isEqualTo(200);
            queue.until(e -> lsids(e.data().get("waiting")).contains(session.lsid()), WAIT);
            client.post(path + "/join", null, owner).expect(200);
            client.post(path + "/invitations", Map.of("rep", "live-rep-6"), owner).expect(200);
            JsonNode view = queue.until(e -> lsids(e.data().get("invitations"))
                    .contains(session.lsid()), WAIT).stream().reduce((a, b) -> b).orElseThrow()
                    .data();
            assertThat(lsids(view.get("waiting"))).doesNotContain(session.lsid());
            JsonNode invitation = view.get("invitations").get(0);
            assertThat(invitation.get("by").asText()).isEqualTo("live-rep-5");
            assertThat(invitation.get("customerName").asText()).isEqualTo("Ada Byron");

            client.post(path + "/join", null, invited).expect(200);
            queue.until(e -> !lsids(e.data().get("invitations")).contains(session.lsid()),
                    WAIT);

            // A rep who left may be asked back, and sees it.
            client.post(path + "/leave", null, invited).expect(200);
            client.post(path + "/invitations", Map.of("rep", "live-rep-6"), owner).expect(200);
            queue.until(e -> lsids(e.data().get("invitations")).contains(session.lsid()), WAIT);
            client.post(path + "/join", null, invited).expect(200);
        }

        // Invitations refused: not taking part, not a rep, twice, already in.
        long before = eventCount(session.lsid());
        assertThat(client.post(path + "/invitations", Map.of("rep", "live-rep-7"), bystander)
                .status()).isEqualTo(403);
        SightlineClient.Response notRep = client.post(path + "/invitations",
                Map.of("rep", "admin"), owner);
        assertThat(notRep.status()).isEqualTo(400);
        assertThat(notRep.json().get("detail").asText()).contains("is not a rep account");
        assertThat(client.post(path + "/invitations", Map.of("rep", "nobody-here"), owner)
                .status()).isEqualTo(400);
        assertThat(client.post(path + "/invitations", Map.of("rep", "live-rep-6"), owner)
                .status()).isEqualTo(409);
        assertThat(client.post(path + "/invitations", Map.of(), owner).status())
                .isEqualTo(400);
        assertThat(client.post(path + "/invitations", Map.of("rep", "live-rep-7"),
                session.customerToken()).status()).isEqualTo(403);
        assertThat(eventCount(session.lsid())).isEqualTo(before);
        client.post(path + "/invitations", Map.of("rep", "live-rep-7"), owner).expect(200);
        assertThat(client.post(path + "/invitations", Map.of("rep", "live-rep-7"), owner)
                .status()).isEqualTo(409);
        assertThat(eventCount(session.lsid())).isEqualTo(before + 1);
    }

    @Test
    void thePortalShowsTheSettingsAnAdminChose() {
        String admin = admin();
        client.put("/api/configuration/portal.queues", Map.of("value", "printers, network"),
                admin).expect(200);
        client.put("/api/configuration/portal.greeting", Map.of("value", "Hello <there>"),
                admin).expect(200);
        await("the portal shows the queues", WAIT, () -> client.get("/api/portal", null)
                .json().get("queues").toString().equals("[\"printers\",\"network\"]"));
        await("the portal shows the greeting", WAIT, () -> client.get("/api/portal", null)
                .json().get("greeting").asText().equals("Hello <there>"));

        String rep = newRep("live-rep-8");
        long before = eventCount();
        for (String bad : List.of("printers,,network", "printers,printers", "a b",
                "x".repeat(65))) {
            SightlineClient.Response refused = client.put("/api/configuration/portal.queues",
                    Map.of("value", bad), admin);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.json().get("detail").asText()).as(bad).isNotBlank();
        }
        assertThat(client.put("/api/configuration/portal.queues", Map.of("value", "x"), rep)
                .status()).isEqualTo(403);
        assertThat(eventCount()).isEqualTo(before);
        client.put("/api/configuration/portal.queues", Map.of("value", ""), admin).expect(200);
    }

    @Test
    void pagesAreServedWithAPolicyThatRunsOnlyTheirOwnCode() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String page : List.of("/", "/console.html", "/audit.html", "/app/portal.js",
                "/api/portal")) {
            HttpResponse<String> served = http.send(HttpRequest.newBuilder(URI.create(url(page)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(served.statusCode()).as(page).isEqualTo(200);
            assertThat(served.headers().firstValue("Content-Security-Policy")).as(page)
                    .hasValueSatisfying(policy -> assertThat(policy)
                            .contains("script-src 'self'", "frame-ancestors 'none'")
                            .doesNotContain("unsafe-inline", "unsafe-eval"));
            assertThat(served.headers().firstValue("X-Content-Type-Options")).as(page)
                    .hasValue("nosniff");
        }
        SightlineClient.Response portal = client.get("/", null);
        assertThat(portal.contentType()).startsWith("text/html");
        assertThat(portal.body()).contains("/app/portal.js");
        assertThat(client.get("/app/missing.js", null).status()).isEqualTo(404);
    }

    private static List<String> lsids(JsonNode sessions) {
        return StreamSupport.stream(sessions.spliterator(), false)
                .map(session -> session.get("lsid").asText())
                .toList();
    }
}
