package org.sightline.ops.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.sightline.ops.SightlineIntegrationTest;
import org.sightline.ops.demo.DemoSession;
import org.sightline.ops.demo.SightlineClient.Response;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Sign-in through the organisation's own systems, end to end: a site configured with a real
 * OpenLDAP slapd and a real MIT KDC, both on loopback and started here, and signed into over
 * HTTP as the console does.
 */
@TestPropertySource(properties = "sightline.test.database=external-sign-in")
class ExternalSignInTest extends SightlineIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Slapd slapd;
    private static Kdc kdc;

    @DynamicPropertySource
    static void directoryAndRealm(DynamicPropertyRegistry registry) throws Exception {
        Path directory = Files.createTempDirectory("sightline-sign-in-");
        slapd = Slapd.start(Files.createDirectories(directory.resolve("slapd")));
        kdc = Kdc.start(Files.createDirectories(directory.resolve("kdc")));
        kdc.addUser("kim", "kim-kerberos-password");
        kdc.addUser("stranger", "stranger-kerberos-password");
        registry.add("sightline.ldap.url", slapd::url);
        registry.add("sightline.ldap.user-dn-pattern", () -> "uid={0}," + Slapd.PEOPLE);
        registry.add("sightline.ldap.bind-dn", () -> Slapd.SERVICE_DN);
        registry.add("sightline.ldap.bind-password", () -> Slapd.SERVICE_PASSWORD);
        registry.add("sightline.ldap.group-search-base", () -> Slapd.GROUPS);
        registry.add("sightline.ldap.groups",
                () -> "support-tier2=REP:tier2; sightline-admins=ADMIN; auditors=AUDITOR");
        registry.add("sightline.kerberos.service-principal", kdc::servicePrincipal);
        registry.add("sightline.kerberos.keytab", () -> kdc.keytab().toString());
        registry.add("sightline.kerberos.krb5-conf", () -> kdc.krb5Conf().toString());
    }

    @AfterAll
    static void stopThem() {
        if (kdc != null) {
            kdc.close();
        }
        if (slapd != null) {
            slapd.close();
        }
    }

    @Test
    void aSupportTier2MemberSignsInAsARepOfTeamTier2AndServesOnlyItsQueue() throws Exception {
        JsonNode opened = client.post("/api/console/login",
                Map.of("account", "alice", "password", Slapd.ALICE_PASSWORD), null)
                .expect(200).json();
        assertThat(opened.get("role").asText()).isEqualTo("REP");
        assertThat(opened.get("teams").toString()).isEqualTo("[\"tier2\"]");
        JsonNode login = event(opened.get("consoleLsid").asText(), "LoginSucceeded");
        assertThat(login.get("method").asText()).isEqualTo("ldap");
        assertThat(login.get("teams").toString()).isEqualTo("[\"tier2\"]");

        String alice = opened.get("token").asText();
        DemoSession.Opened general = demo.requestSupport("Gus General");
        Response tier2 = client.post("/api/sessions", Map.of("queue", "tier2",
                "customerName", "Tia Tier", "problemDescription", "VPN",
                "clientKind", "WINDOWS"), null).expect(201);
        long before = eventCount();
        assertProblem(client.post("/api/sessions/" + general.lsid() + "/join", null, alice),
                403, "serves no team of the queue general");
        assertThat(eventCount()).isEqualTo(before);
        client.post("/api/sessions/" + tier2.json().get("lsid").asText() + "/join", null,
                alice).expect(200);
    }

    @Test
    void aDirectoryUserInNoMappedGroupIsRefusedAndTheRefusalRecorded() throws Exception {
        Response refused = client.post("/api/console/login",
                Map.of("account", "dan", "password", Slapd.DAN_PASSWORD), null);

        assertProblem(refused, 403, "no access to Sightline");
        assertThat(latest("LoginFailed").get("reason").asText()).isEqualTo("NO_MAPPED_GROUP");
        assertProblem(client.post("/api/console/login",
                Map.of("account", "alice", "password", "not-alice-s-password"), null), 401,
                "is wrong");
        assertThat(latest("LoginFailed").get("reason").asText()).isEqualTo("BAD_PASSWORD");
    }

    @Test
    void aKerberosTicketSignsInItsRealmUserWithoutAPassword() throws Exception {
        createRep("kim");

        HttpResponse<String> answer = negotiate(kdc.negotiateToken("kim",
                "kim-kerberos-password", Duration.ZERO));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode opened = JSON.readTree(answer.body());
        assertThat(opened.get("account").asText()).isEqualTo("kim");
        assertThat(event(opened.get("consoleLsid").asText(), "LoginSucceeded").get("method")
                .asText()).isEqualTo("kerberos");
    }

    @Test
    void aTicketFromAClockSixMinutesOffIsOneAuditedFailureAndTheNextTicketWorks()
            throws Exception {
        createRep("kim");
        String skewed = kdc.negotiateToken("kim", "kim-kerberos-password",
                Duration.ofMinutes(6));
        long before = eventCount();

        HttpResponse<String> refused = negotiate(skewed);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.body()).contains("clock").doesNotContain("Exception", "replay");
        assertThat(eventCount()).as("one event").isEqualTo(before + 1);
        assertThat(latest("LoginFailed").get("reason").asText()).isEqualTo("CLOCK_SKEW");

        HttpResponse<String> fresh = negotiate(kdc.negotiateToken("kim",
                "kim-kerberos-password", Duration.ZERO));
        assertThat(fresh.statusCode()).as(fresh.body()).isEqualTo(200);
    }

    @Test
    void withoutATicketTheAnswerAsksForOneAndRecordsNothing() throws Exception {
        long before = eventCount();
        HttpResponse<String> challenge = post(null);

        assertThat(challenge.statusCode()).isEqualTo(401);
        assertThat(challenge.headers().allValues("WWW-Authenticate")).contains("Negotiate");
        assertThat(eventCount()).isEqualTo(before);

        HttpResponse<String> garbage = negotiate("bm90IGEgdGlja2V0");
        assertThat(garbage.statusCode()).isEqualTo(401);
        assertThat(latest("LoginFailed").get("reason").asText()).isEqualTo("BAD_TICKET");
    }

    @Test
    void aRealmUserWithoutAnAccountIsRefused() throws Exception {
        HttpResponse<String> refused = negotiate(kdc.negotiateToken("stranger",
                "stranger-kerberos-password", Duration.ZERO));

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(latest("LoginFailed").get("reason").asText()).isEqualTo("UNKNOWN_USER");
    }

    private void createRep(String name) {
        Response created = client.post("/api/accounts", Map.of("account", name, "role", "REP",
                "password", REP_PASSWORD, "teams", List.of("general")), admin());
        assertThat(created.status()).isIn(201, 409);
    }

    private HttpResponse<String> negotiate(String token) throws Exception {
        return post("Negotiate " + token);
    }

    private HttpResponse<String> post(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/console/login/negotiate"))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode event(String lsid, String type) throws Exception {
        return JSON.readTree(jdbc.queryForObject("SELECT convert_from(payload, 'UTF8')"
                + " FROM domainevententry WHERE aggregateidentifier = ?"
                + " AND payloadtype LIKE ?", String.class, lsid, "%." + type));
    }

    private JsonNode latest(String type) throws Exception {
        return JSON.readTree(jdbc.queryForObject("SELECT convert_from(payload, 'UTF8')"
                + " FROM domainevententry WHERE payloadtype LIKE ?"
                + " ORDER BY globalindex DESC LIMIT 1", String.class, "%." + type));
    }
}
