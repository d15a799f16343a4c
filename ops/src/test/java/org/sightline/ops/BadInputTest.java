package org.sightline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sightline.ops.demo.DemoSession;
import org.sightline.ops.demo.SightlineClient.Response;

/**
 * Bad input answers 4xx with an RFC 9457 problem body and stores nothing: each test counts
 * the rows of the event table before and after.
 */
class BadInputTest extends SightlineIntegrationTest {

    private static final String UNKNOWN_LSID = "00112233445566778899aabbccddeeff";

    private String rep;
    private DemoSession.Opened session;

    @BeforeEach
    void openSession() {
        if (rep == null) {
            rep = newRep("bad-input-" + System.nanoTime() % 1_000_000);
        }
        session = demo.requestSupport("Gina Customer");
        client.post(path("/join"), null, rep).expect(200);
    }

    @Test
    void aMalformedLsidIsRefusedNamingTheRule() {
        Response answer = storesNothing(() -> client.post("/api/sessions/NOT-AN-LSID/chat",
                Map.of("text", "hello"), rep));

        assertProblem(answer, 400, "32 lowercase hexadecimal digits");
    }

    @Test
    void anUnknownFieldIsRefused() {
        Map<String, Object> body = supportRequest();
        body.put("colour", "blue");

        assertProblem(storesNothing(() -> client.post("/api/sessions", body, null)), 400,
                "unknown field 'colour'");
    }

    @Test
    void aMissingFieldIsRefused() {
        Map<String, Object> body = supportRequest();
        body.remove("customerName");

        assertProblem(storesNothing(() -> client.post("/api/sessions", body, null)), 400,
                "customerName is required");
    }

    @Test
    void aNameOver256CharactersIsRefused() {
        Map<String, Object> body = supportRequest();
        body.put("customerName", "n".repeat(257));

        assertProblem(storesNothing(() -> client.post("/api/sessions", body, null)), 400,
                "customerName is longer than 256 characters");
    }

    @Test
    void aChatLineOver8KibibytesIsRefused() {
        Response answer = storesNothing(() -> client.post(path("/chat"),
                Map.of("text", "€".repeat(2731)), session.customerToken()));

        assertProblem(answer, 400, "text is longer than 8192 bytes of UTF-8");
    }

    @Test
    void aChatLineOfExactly8KibibytesIsStored() {
        long before = eventCount(session.lsid());

        client.post(path("/chat"), Map.of("text", "x".repeat(8192)), session.customerToken())
                .expect(200);

        assertThat(eventCount(session.lsid())).isEqualTo(before + 1);
    }

    @Test
    void anUnknownEnumValueIsRefused() {
        Map<String, Object> body = supportRequest();
        body.put("clientKind", "TOASTER");

        assertProblem(storesNothing(() -> client.post("/api/sessions", body, null)), 400,
                "field 'clientKind' has an invalid value: one of [BROWSER, WINDOWS");
    }

    @Test
    void aTransferToAnAccountThatIsNoRepIsRefused() {
        Response toNobody = storesNothing(() -> client.post(path("/transfer"),
                Map.of("toRep", "ghost"), rep));
        Response toAdmin = storesNothing(() -> client.post(path("/transfer"),
                Map.of("toRep", "admin"), rep));

        assertProblem(toNobody, 400, "toRep ghost is not a rep account");
        assertProblem(toAdmin, 400, "toRep admin is not a rep account");
    }

    @Test
    void anUnknownSettingIsRefused() {
        String admin = admin();

        Response answer = storesNothing(() -> client.put("/api/configuration/sightline.tokens.ttl",
                Map.of("value", "PT5M"), admin));

        assertProblem(answer, 400, "unknown setting sightline.tokens.ttl");
    }

    @Test
    void malformedJsonIsRefused() {
        assertProblem(storesNothing(() -> client.postRaw("/api/sessions", "{\"queue\": ", null)),
                400, "");
    }

    @Test
    void aWrongTypeIsRefused() {
        Response answer = storesNothing(() -> client.postRaw(path("/permission-requests/1/answer"),
                "{\"granted\": \"perhaps\"}", session.customerToken()));

        assertProblem(answer, 400, "granted");
    }

    @Test
    void aPrivateIpThatIsNoAddressIsRefused() {
        Map<String, Object> body = supportRequest();
        body.put("privateIp", "printer.example.org");

        assertProblem(storesNothing(() -> client.post("/api/sessions", body, null)), 400,
                "privateIp must be an IPv4 or IPv6 address");
    }

    @Test
    void anUnknownSessionIsNotFound() {
        Response answer = storesNothing(() -> client.post("/api/sessions/" + UNKNOWN_LSID
                + "/chat", Map.of("text", "anyone?"), rep));

        assertProblem(answer, 404, "no session " + UNKNOWN_LSID);
    }

    @Test
    void endingTwiceIsAConflict() {
        client.post(path("/end"), null, session.customerToken()).expect(200);

        Response answer = storesNothing(() -> client.post(path("/end"), null, rep));

        assertProblem(answer, 409, "the session has ended");
    }

    @Test
    void chatAfterTheEndIsAConflict() {
        client.post(path("/end"), Map.of("reason", "done"), rep).expect(200);

        Response answer = storesNothing(() -> client.post(path("/chat"),
                Map.of("text", "wait!"), session.customerToken()));

        assertProblem(answer, 409, "the session has ended");
    }

    @Test
    void answeringARequestNeverMadeIsAConflict() {
        Response answer = storesNothing(() -> client.post(path("/permission-requests/9/answer"),
                Map.of("granted", true), session.customerToken()));

        assertProblem(answer, 409, "permission request 9 is not waiting for an answer");
    }

    @Test
    void controlWithoutTheCustomersGrantIsAConflict() {
        Response answer = storesNothing(() -> client.post(path("/control"), null, rep));

        assertProblem(answer, 409, "the customer has not granted control");
    }

    @Test
    void aNulCharacterIsRefusedWhereverTextGoes() {
        Map<String, Object> request = supportRequest();
        request.put("company", "Evil\u0000Corp");

        assertProblem(storesNothing(() -> client.post(path("/chat"),
                Map.of("text", "before\u0000after"), session.customerToken())), 400,
                "text must not hold control characters");
        assertProblem(storesNothing(() -> client.post("/api/sessions", request, null)), 400,
                "company must not hold control characters");
        assertProblem(storesNothing(() -> client.post("/api/console/login",
                Map.of("account", "ali\u0000ce", "password", "whatever-password"), null)), 400,
                "account is 1 to 64 letters, digits");
    }

    @Test
    void valuesOfTheWrongTypeAreNotConverted() {
        client.post(path("/permission-requests"), Map.of("kind", "CONTROL"), rep).expect(201);

        assertProblem(storesNothing(() -> client.postRaw(path("/permission-requests/1/answer"),
                "{\"granted\": 2}", session.customerToken())), 400, "granted");
        assertProblem(storesNothing(() -> client.postRaw(path("/permission-requests"),
                "{\"kind\": 2}", rep)), 400, "kind");
        assertProblem(storesNothing(() -> client.postRaw(path("/chat"), "{\"text\": 123}",
                session.customerToken())), 400, "text");
        assertProblem(storesNothing(() -> client.postRaw(path("/files"), "{\"direction\":"
                + " \"TO_CUSTOMER\", \"fileName\": \"a.txt\", \"size\": 1.9, \"sha256\": \""
                + "a".repeat(64) + "\"}", rep)), 400, "size");
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        assertProblem(storesNothing(() -> client.postRaw(path("/chat"),
                "{\"text\": \"benign\", \"text\": \"evil\"}", session.customerToken())), 400,
                "not valid JSON");
    }

    @Test
    void theLsidOfAConsoleSessionIsNoSupportSession() {
        String consoleLsid = client.post("/api/console/login",
                        Map.of("account", "admin", "password", ADMIN_PASSWORD), null)
                .json().get("consoleLsid").asText();

        assertProblem(storesNothing(() -> client.post("/api/sessions/" + consoleLsid + "/chat",
                Map.of("text", "hello"), rep)), 404, "no support session");
    }

    @Test
    void timesBeyondTheYear9999AreRefused() {
        assertProblem(client.get("/api/sessions?from=%2B300000-01-01T00:00:00Z", rep), 400,
                "from lies between the years 1 and 9999");
    }

    @Test
    void signingOutWithoutATokenIsUnauthorised() {
        assertProblem(client.post("/api/console/logout", null, null), 401, "bearer token");
    }

    @Test
    void anUnknownPathIsAProblemToo() {
        Response answer = client.get("/api/no-such-thing", rep);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body()).doesNotContain("Exception", "\tat ");
    }

    private Response storesNothing(Supplier<Response> request) {
        long before = eventCount();
        Response answer = request.get();
        assertThat(eventCount()).as("events stored by a refused request").isEqualTo(before);
        return answer;
    }

    private String path(String suffix) {
        return "/api/sessions/" + session.lsid() + suffix;
    }

    private static Map<String, Object> supportRequest() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("queue", "general");
        body.put("customerName", "Hank Customer");
        body.put("problemDescription", "VPN drops every hour");
        body.put("clientKind", "WINDOWS");
        return body;
    }
}
