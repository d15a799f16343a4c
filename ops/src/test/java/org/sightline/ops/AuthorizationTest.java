package org.sightline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sightline.ops.demo.DemoSession;
import org.sightline.ops.demo.SightlineClient.Response;

/** Each decision tried from the side of the one who must be refused; refusals store nothing. */
class AuthorizationTest extends SightlineIntegrationTest {

    @Test
    void anAccountNameTakenInOtherCapitalsIsRefusedAndRecordsNothing() {
        String admin = admin();
        client.post("/api/accounts", Map.of("account", "casey", "role", "REP", "password",
                REP_PASSWORD, "teams", List.of("general")), admin).expect(201);
        long before = eventCount();

        assertProblem(client.post("/api/accounts", Map.of("account", "CASEY", "role", "REP",
                "password", REP_PASSWORD, "teams", List.of("general")), admin), 409,
                "names ignore case");
        assertThat(eventCount()).as("no configuration event for an account never made")
                .isEqualTo(before);
    }

    @Test
    void withoutATokenNothingButARequestIsAccepted() {
        DemoSession.Opened session = demo.requestSupport("Ivy Customer");
        long before = eventCount();

        assertProblem(client.post("/api/sessions/" + session.lsid() + "/join", null, null),
                401, "bearer token");
        assertProblem(client.get("/api/sessions", null), 401, "bearer token");
        assertProblem(client.get("/api/sessions/" + session.lsid() + "/log", null), 401,
                "bearer token");
        assertProblem(client.put("/api/configuration/portal.greeting", Map.of("value", "x"),
                "not-a-token"), 401, "bearer token");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aCustomerActsOnlyInTheirOwnSession() {
        DemoSession.Opened mine = demo.requestSupport("Jack Customer");
        DemoSession.Opened theirs = demo.requestSupport("Kim Customer");
        long before = eventCount();

        assertProblem(client.post("/api/sessions/" + theirs.lsid() + "/chat",
                Map.of("text", "hi"), mine.customerToken()), 403, "customer of this session");
        assertProblem(client.post("/api/sessions/" + theirs.lsid() + "/end", null,
                mine.customerToken()), 403, "customer of this session");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aCustomerCannotActAsARepNorReadLogs() {
        DemoSession.Opened mine = demo.requestSupport("Lee Customer");
        long before = eventCount();

        assertProblem(client.post("/api/sessions/" + mine.lsid() + "/join", null,
                mine.customerToken()), 403, "role REP");
        assertProblem(client.post("/api/sessions/" + mine.lsid() + "/permission-requests",
                Map.of("kind", "CONTROL"), mine.customerToken()), 403, "role REP");
        assertProblem(client.get("/api/sessions/" + mine.lsid() + "/log",
                mine.customerToken()), 403, "console users");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void onlyTheCustomerAnswersPermissionRequests() {
        String rep = newRep("authz-answer");
        DemoSession.Opened session = demo.requestSupport("Mo Customer");
        String path = "/api/sessions/" + session.lsid();
        client.post(path + "/join", null, rep).expect(200);
        client.post(path + "/permission-requests", Map.of("kind", "CONTROL"), rep).expect(201);
        long before = eventCount();

        assertProblem(client.post(path + "/permission-requests/1/answer",
                Map.of("granted", true), rep), 403, "only the customer");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aRepNotTakingPartIsRefused() {
        String owner = newRep("authz-owner");
        String stranger = newRep("authz-stranger");
        DemoSession.Opened session = demo.requestSupport("Ned Customer");
        String path = "/api/sessions/" + session.lsid();
        client.post(path + "/join", null, owner).expect(200);
        long before = eventCount();

        assertProblem(client.post(path + "/notes", Map.of("text", "peek"), stranger), 403,
                "does not take part");
        assertProblem(client.post(path + "/end", null, stranger), 403, "does not take part");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aRepReadsOnlyTheSessionsOfTheirTeamsAndThoseTheyTookPartIn() {
        String alice = newRep("authz-reader-a");
        String bob = newRep("authz-reader-b", "billing");
        String carol = newRep("authz-reader-c");
        String lsid = demo.play(demo.requestSupport("Olga Customer"), alice);
        demo.awaitLogTypes(lsid, alice, Duration.ofSeconds(20));

        assertProblem(client.get("/api/sessions/" + lsid, bob), 403, "did not take part");
        assertProblem(client.get("/api/sessions/" + lsid + "/log", bob), 403,
                "did not take part");
        assertThat(lsids(client.get("/api/sessions?size=200", bob))).doesNotContain(lsid);
        assertThat(lsids(client.get("/api/sessions?size=200", carol))).as("a teammate's")
                .contains(lsid);
        client.get("/api/sessions/" + lsid + "/log", carol).expect(200);
        assertThat(lsids(client.get("/api/sessions?size=200", alice))).contains(lsid);
        assertThat(lsids(client.get("/api/sessions?size=200", admin()))).contains(lsid);
    }

    @Test
    void onlyAnAdminChangesConfiguration() {
        String rep = newRep("authz-config");
        long before = eventCount();

        assertProblem(client.put("/api/configuration/portal.greeting",
                Map.of("value", "Hello"), rep), 403, "role ADMIN");
        assertProblem(client.post("/api/accounts", Map.of("account", "mallory", "role",
                "ADMIN", "password", "a-long-enough-password"), rep), 403, "role ADMIN");
        assertProblem(client.post("/api/admin/read-models/rebuild", null, rep), 403, "admin");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aConfigurationChangeIsAnEventOfTheAdminsConsoleSession() {
        JsonNode login = client.post("/api/console/login",
                Map.of("account", "admin", "password", ADMIN_PASSWORD), null).expect(200).json();
        String token = login.get("token").asText();
        String consoleLsid = login.get("consoleLsid").asText();

        client.put("/api/configuration/portal.greeting", Map.of("value", "Welcome " + consoleLsid),
                token).expect(200);

        await("the change is in the console session's log", Duration.ofSeconds(20), () ->
                client.get("/api/sessions/" + consoleLsid + "/log.txt", token).body()
                        .contains("config.changed"));
        String log = client.get("/api/sessions/" + consoleLsid + "/log.txt", token).body();
        assertThat(log).contains("console.login", "admin changed portal.greeting");
    }

    @Test
    void aFailedSignInIsRecordedUnderAFreshLsidAndSaysNothingOfTheAccount() {
        long before = eventCount();

        Response badPassword = client.post("/api/console/login",
                Map.of("account", "admin", "password", "not-the-password"), null);
        Response unknown = client.post("/api/console/login",
                Map.of("account", "nobody-here", "password", "not-the-password"), null);

        assertProblem(badPassword, 401,
                "the account name, the password or the one-time code is wrong");
        assertThat(unknown.json().get("detail")).isEqualTo(badPassword.json().get("detail"));
        assertThat(eventCount()).isEqualTo(before + 2);
        List<String> reasons = jdbc.queryForList("SELECT convert_from(payload, 'UTF8')"
                + " FROM domainevententry WHERE payloadtype LIKE '%LoginFailed'"
                + " ORDER BY globalindex DESC LIMIT 2", String.class);
        assertThat(reasons).anyMatch(p -> p.contains("UNKNOWN_USER") && p.contains("nobody-here"))
                .anyMatch(p -> p.contains("BAD_PASSWORD"));
    }

    @Test
    void aSignedOutTokenNoLongerWorks() {
        String token = admin();

        client.post("/api/console/logout", null, token).expect(204);

        assertProblem(client.get("/api/sessions", token), 401, "bearer token");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry"
                + " WHERE payloadtype LIKE '%LoggedOut'", Long.class)).isPositive();
    }

    private static List<String> lsids(Response page) {
        return page.expect(200).json().get("items").findValuesAsText("lsid");
    }
}
