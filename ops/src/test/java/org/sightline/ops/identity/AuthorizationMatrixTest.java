package org.sightline.ops.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.sightline.ops.SightlineIntegrationTest;
import org.sightline.ops.demo.SightlineClient.Response;

/**
 * Every command and query, tried by every kind of caller: an admin, an auditor, a rep of the
 * session's team who takes part, a rep of that team who does not, a rep of another team, the
 * session's customer, another session's customer, and no one. A refused caller gets 403 (401
 * without a token) and stores nothing; the allowed one then goes on with the session.
 */
class AuthorizationMatrixTest extends SightlineIntegrationTest {

    private static final String ADMIN = "admin";
    private static final String AUDITOR = "auditor";
    private static final String REP = "rep of the team, taking part";
    private static final String TEAMMATE = "rep of the team, not taking part";
    private static final String OTHER_TEAM = "rep of another team";
    private static final String CUSTOMER = "the session's customer";
    private static final String OTHER_CUSTOMER = "another session's customer";
    private static final String NO_ONE = "no one";

    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final List<String> tried = new ArrayList<>();
    private String lsid;

    @Test
    void everyCallerIsRefusedWhatTheirRoleAndTeamDoNotAllow() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String team = "matrix-a-" + suffix;
        String otherTeam = "matrix-b-" + suffix;
        String admin = admin();
        // The session's team may not move files; the rest it may, with the customer's answer.
        client.put("/api/configuration/teams." + team + ".permissions",
                Map.of("value", "VIEW_SCREEN,CONTROL,SYSTEM_INFORMATION"), admin).expect(200);

        tokens.put(ADMIN, admin);
        tokens.put(AUDITOR, newAccount("aud-" + suffix, "AUDITOR", List.of(), admin));
        tokens.put(REP, newAccount("rep-" + suffix, "REP", List.of(team), admin));
        tokens.put(TEAMMATE, newAccount("mate-" + suffix, "REP", List.of(team), admin));
        tokens.put(OTHER_TEAM, newAccount("other-" + suffix, "REP", List.of(otherTeam), admin));
        JsonNode session = request(team);
        lsid = session.get("lsid").asText();
        tokens.put(CUSTOMER, session.get("customerToken").asText());
        tokens.put(OTHER_CUSTOMER, request(team).get("customerToken").asText());
        tokens.put(NO_ONE, null);
        String repName = "rep-" + suffix;

        await("the session is listed", Duration.ofSeconds(20),
                () -> client.get(path(""), admin).status() == 200);
        assertThat(waiting(tokens.get(TEAMMATE))).contains(lsid);
        assertThat(waiting(tokens.get(OTHER_TEAM))).doesNotContain(lsid);
        query("the queue", t -> client.get("/api/queue", t), 200,
                ADMIN, AUDITOR, REP, TEAMMATE, OTHER_TEAM);
        query("the queue of another team", t -> client.get("/api/queue?queue=" + team, t),
                200, ADMIN, AUDITOR, REP, TEAMMATE);

        // A teammate may join too (shown on the other session below), but here stays out.
        command("join", t -> client.post(path("/join"), null, t), 200, REP, TEAMMATE);
        await("the rep is listed", Duration.ofSeconds(20), () -> client
                .get(path(""), admin).json().get("reps").toString().contains(repName));

        query("read the session", t -> client.get(path(""), t), 200,
                ADMIN, AUDITOR, REP, TEAMMATE);
        query("read the log", t -> client.get(path("/log"), t), 200,
                ADMIN, AUDITOR, REP, TEAMMATE);
        query("read the printed log", t -> client.get(path("/log.txt"), t), 200,
                ADMIN, AUDITOR, REP, TEAMMATE);
        query("read the chain status", t -> client.get(path("/chain"), t), 200,
                ADMIN, AUDITOR, REP, TEAMMATE);
        query("read the place in the queue", t -> client.get(path("/position"), t), 200,
                ADMIN, AUDITOR, REP, TEAMMATE, CUSTOMER);
        // The live streams run on for the allowed; only their refusals are tried here.
        refusedToAllBut("follow the session's events",
                t -> client.get(path("/events"), t), ADMIN, AUDITOR, REP, TEAMMATE, CUSTOMER);
        refusedToAllBut("follow the queue", t -> client.get("/api/queue/stream", t),
                ADMIN, AUDITOR, REP, TEAMMATE, OTHER_TEAM);
        query("list sessions", t -> client.get("/api/sessions?size=200", t), 200,
                ADMIN, AUDITOR, REP, TEAMMATE, OTHER_TEAM);
        assertThat(client.get("/api/sessions?size=200", tokens.get(OTHER_TEAM)).body())
                .as("another team's list").doesNotContain(lsid);
        assertThat(client.get("/api/sessions?size=200", tokens.get(TEAMMATE)).body())
                .as("a teammate's list").contains(lsid);

        command("chat", t -> client.post(path("/chat"), Map.of("text", "hi"), t), 200,
                REP, CUSTOMER);
        command("add a note", t -> client.post(path("/notes"), Map.of("text", "n"), t), 200,
                REP);
        command("ask for file transfer, which the team may not",
                t -> client.post(path("/permission-requests"),
                        Map.of("kind", "FILE_TRANSFER"), t), 201);
        command("ask for control", t -> client.post(path("/permission-requests"),
                Map.of("kind", "CONTROL"), t), 201, REP);
        command("answer a request", t -> client.post(path("/permission-requests/1/answer"),
                Map.of("granted", true), t), 200, CUSTOMER);
        command("take control", t -> client.post(path("/control"), null, t), 200, REP);
        command("take control back", t -> client.delete(path("/control"), t), 200,
                CUSTOMER, REP);
        command("ask for system information", t -> client.post(path("/permission-requests"),
                Map.of("kind", "SYSTEM_INFORMATION"), t), 201, REP);
        client.post(path("/permission-requests/2/answer"), Map.of("granted", true),
                tokens.get(CUSTOMER)).expect(200);
        command("report system information", t -> client.post(path("/system-information"),
                Map.of("sections", List.of(Map.of("name", "OS",
                        "values", Map.of("name", "Debian")))), t), 200, CUSTOMER);
        command("record a file transfer, which the team may not",
                t -> client.post(path("/files"), Map.of("direction", "TO_CUSTOMER",
                        "fileName", "a.txt", "size", 1, "sha256", "a".repeat(64)), t), 200);
        command("ask to view the screen", t -> client.post(path("/permission-requests"),
                Map.of("kind", "VIEW_SCREEN"), t), 201, REP);
        client.post(path("/permission-requests/3/answer"), Map.of("granted", true),
                tokens.get(CUSTOMER)).expect(200);
        command("get a relay token", t -> client.post(path("/relay-token"), null, t), 200,
                REP, CUSTOMER);
        query("read the recording's timeline",
                t -> client.get(path("/recording/timeline"), t), 200, ADMIN, AUDITOR);
        command("invite a rep", t -> client.post(path("/invitations"),
                Map.of("rep", "mate-" + suffix), t), 200, REP);
        command("place a legal hold", t -> client.post(path("/legal-hold"),
                Map.of("reason", "matrix"), t), 200, ADMIN);
        command("release a legal hold", t -> client.post(path("/legal-hold/release"),
                Map.of("reason", "matrix"), t), 200, ADMIN);
        command("change a setting", t -> client.put("/api/configuration/teams." + otherTeam
                + ".prompt", Map.of("value", "CONTROL"), t), 200, ADMIN);
        command("create an account", t -> client.post("/api/accounts", Map.of("account",
                "new-" + suffix, "role", "AUDITOR", "password", REP_PASSWORD), t), 201, ADMIN);
        // An admin may rebuild the read models; not tried, since other tests share them.
        refusedToAllBut("rebuild the read models",
                t -> client.post("/api/admin/read-models/rebuild", null, t), ADMIN);
        command("hand the session to a teammate", t -> client.post(path("/transfer"),
                Map.of("toRep", "mate-" + suffix), t), 200, REP);
        command("end the session", t -> client.post(path("/end"), null, t), 200,
                CUSTOMER, REP, TEAMMATE);

        assertThat(tried).as("every request was tried").hasSizeGreaterThan(25);
        String other = client.get("/api/queue?queue=" + team, tokens.get(TEAMMATE)).json()
                .get(0).get("lsid").asText();
        client.post("/api/sessions/" + other + "/join", null, tokens.get(TEAMMATE)).expect(200);
    }

    /**
     * A command: tried as every caller not allowed (each must be refused and store nothing),
     * then as the first allowed one, who must get {@code status}; the others allowed are left
     * out, since the first one's command changed the session.
     */
    private void command(String what, Function<String, Response> request, int status,
            String... allowed) {
        refusedToAllBut(what, request, allowed);
        if (allowed.length > 0) {
            Response answer = request.apply(tokens.get(allowed[0]));
            assertThat(answer.status()).as(what + " by " + allowed[0] + ": " + answer.body())
                    .isEqualTo(status);
        }
    }

    /** A query: refused to every caller not allowed, answered to every allowed one. */
    private void query(String what, Function<String, Response> request, int status,
            String... allowed) {
        refusedToAllBut(what, request, allowed);
        for (String caller : allowed) {
            Response answer = request.apply(tokens.get(caller));
            assertThat(answer.status()).as(what + " by " + caller + ": " + answer.body())
                    .isEqualTo(status);
        }
    }

    private void refusedToAllBut(String what, Function<String, Response> request,
            String... allowed) {
        tried.add(what);
        Set<String> allowedCallers = Set.of(allowed);
        for (Map.Entry<String, String> caller : tokens.entrySet()) {
            if (allowedCallers.contains(caller.getKey())) {
                continue;
            }
            long before = eventCount();
            Response answer = request.apply(caller.getValue());
            int refusal = caller.getValue() == null ? 401 : 403;
            assertThat(answer.status()).as(what + " by " + caller.getKey() + ": " + answer.body())
                    .isEqualTo(refusal);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(eventCount()).as(what + " by " + caller.getKey() + " stores nothing")
                    .isEqualTo(before);
        }
    }

    private String path(String suffix) {
        return "/api/sessions/" + lsid + suffix;
    }

    private List<String> waiting(String token) {
        List<String> found = new ArrayList<>();
        client.get("/api/queue", token).expect(200).json()
                .forEach(session -> found.add(session.get("lsid").asText()));
        return found;
    }

    private JsonNode request(String queue) {
        return client.post("/api/sessions", Map.of("queue", queue, "customerName", "Mia",
                "problemDescription", "printer", "clientKind", "WINDOWS"), null)
                .expect(201).json();
    }

    private String newAccount(String name, String role, List<String> teams, String admin) {
        client.post("/api/accounts", Map.of("account", name, "role", role,
                "password", REP_PASSWORD, "teams", teams), admin).expect(201);
        return demo.signIn(name, REP_PASSWORD);
    }
}
