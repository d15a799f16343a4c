package org.sightline.ops.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.sightline.ops.SightlineIntegrationTest;
import org.sightline.ops.demo.SightlineClient.Response;
import org.springframework.test.context.TestPropertySource;

/**
 * Sign-in decisions against a site of its own: the bootstrap admin's one-time password, lock
 * out after repeated failures, and the second factor. Each decision is checked as the events
 * an auditor reads.
 */
@TestPropertySource(properties = {"sightline.test.database=identity",
        "sightline.bootstrap.admin-password=",
        "sightline.identity.lockout.attempts=3",
        "sightline.identity.lockout.duration=PT5S",
        "sightline.identity.second-factor-roles=AUDITOR"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdentityTest extends SightlineIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BOOTSTRAP =
            Pattern.compile("Sightline bootstrap admin: (\\S+) / (\\S+)");
    private static final StringBuffer PRINTED = new StringBuffer();

    static {
        // The bootstrap password is printed once to standard output as the site first starts,
        // which happens after this class loads: keep a copy of what is printed.
        PrintStream original = System.out;
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                PRINTED.append((char) b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                PRINTED.append(new String(bytes, offset, length, StandardCharsets.UTF_8));
            }
        }, true));
    }

    @Test
    @Order(1) // the other tests sign in as the bootstrap admin, replacing its password
    void theBootstrapAdminReplacesItsOneTimePasswordAtTheFirstSignIn() {
        Matcher printed = BOOTSTRAP.matcher(PRINTED);
        assertThat(printed.find()).as("the bootstrap password was printed").isTrue();
        String name = printed.group(1);
        String oneTime = printed.group(2);

        Response refused = client.post("/api/console/login",
                Map.of("account", name, "password", oneTime), null);
        assertProblem(refused, 403, "the password is one-time");
        assertThat(refused.json().get("type").asText()).endsWith("password-change-required");
        assertThat(latest("LoginFailed", name).get("reason").asText())
                .isEqualTo("PASSWORD_CHANGE_REQUIRED");

        long before = eventCount();
        assertProblem(client.post("/api/console/login", Map.of("account", name,
                "password", oneTime, "newPassword", "short"), null), 400, "at least 12");
        assertProblem(client.post("/api/console/login", Map.of("account", name,
                "password", oneTime, "newPassword", oneTime), null), 400, "must differ");
        assertThat(eventCount()).as("bad new passwords store nothing").isEqualTo(before);

        String chosen = "chosen-by-the-admin-1";
        Response opened = client.post("/api/console/login", Map.of("account", name,
                "password", oneTime, "newPassword", chosen), null).expect(200);
        String lsid = opened.json().get("consoleLsid").asText();
        assertThat(types(lsid)).containsExactly("LoginSucceeded", "PasswordChanged");

        assertProblem(client.post("/api/console/login",
                Map.of("account", name, "password", oneTime), null), 401, "is wrong");
        client.post("/api/console/login", Map.of("account", name, "password", chosen), null)
                .expect(200);
    }

    @Test
    void repeatedFailuresLockAnAccountForAWhile() throws Exception {
        String admin = bootstrapAdmin();
        createAccount(admin, "lena", "REP", List.of("general"));
        Instant started = Instant.now();
        wrongPassword("lena");
        wrongPassword("lena");
        wrongPassword("lena");

        JsonNode locking = latest("LoginFailed", "lena");
        String lsid = locking.get("lsid").asText();
        assertThat(types(lsid)).containsExactly("LoginFailed", "AccountLocked");
        JsonNode lock = event(lsid, "AccountLocked");
        assertThat(lock.get("failures").asInt()).isEqualTo(3);
        assertThat(Instant.parse(lock.get("lockedUntil").asText()))
                .isAfter(started.plusSeconds(4));

        Response whileLocked = client.post("/api/console/login",
                Map.of("account", "lena", "password", REP_PASSWORD), null);
        assertProblem(whileLocked, 401, "is wrong");
        assertThat(latest("LoginFailed", "lena").get("reason").asText()).isEqualTo("LOCKED");

        await("the lock runs out", Duration.ofSeconds(15), () -> client.post(
                "/api/console/login", Map.of("account", "lena", "password", REP_PASSWORD),
                null).status() == 200);
    }

    @Test
    void failuresArrivingTogetherLockTheAccountOnce() throws Exception {
        String admin = bootstrapAdmin();
        createAccount(admin, "mara", "REP", List.of("general"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                attempts.add(() -> client.post("/api/console/login",
                        Map.of("account", "mara", "password", "not-mara-s-password"), null)
                        .status());
            }
            for (Future<Integer> answer : pool.invokeAll(attempts)) {
                assertThat(answer.get()).isEqualTo(401);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry"
                + " WHERE payloadtype LIKE '%AccountLocked'"
                + " AND position(convert_to('\"account\":\"mara\"', 'UTF8') IN payload) > 0",
                Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry"
                + " WHERE payloadtype LIKE '%LoginFailed'"
                + " AND position(convert_to('BAD_PASSWORD', 'UTF8') IN payload) > 0"
                + " AND position(convert_to('\"mara\"', 'UTF8') IN payload) > 0", Long.class))
                .as("passwords checked, however many attempts arrive at once").isEqualTo(3);
    }

    @Test
    void replacingAPasswordEndsTheAccountsOtherConsoleSessions() throws Exception {
        String admin = bootstrapAdmin();
        createAccount(admin, "nico", "REP", List.of("general"));
        Response first = client.post("/api/console/login",
                Map.of("account", "nico", "password", REP_PASSWORD), null).expect(200);
        String earlier = first.json().get("token").asText();

        client.post("/api/console/login", Map.of("account", "NICO", "password", REP_PASSWORD,
                "newPassword", "nico-s-new-password"), null).expect(200);

        assertProblem(client.get("/api/queue", earlier), 401, "bearer token");
        assertThat(types(first.json().get("consoleLsid").asText()))
                .containsExactly("LoginSucceeded", "LoggedOut");
        assertThat(event(first.json().get("consoleLsid").asText(), "LoggedOut").get("reason")
                .asText()).isEqualTo("PASSWORD_CHANGED");
        assertProblem(client.post("/api/console/login", Map.of("account", "nico",
                "password", REP_PASSWORD, "newPassword", "nico-s-other-password"), null),
                401, "is wrong");
    }

    @Test
    void aRoleThatMustUseASecondFactorEnrolsThenSignsInWithFreshCodes() throws Exception {
        String admin = bootstrapAdmin();
        createAccount(admin, "otto", "AUDITOR", List.of());

        Response enrol = client.post("/api/console/login",
                Map.of("account", "otto", "password", REP_PASSWORD), null);
        assertProblem(enrol, 403, "add this secret to an authenticator app");
        String secret = enrol.json().get("secret").asText();
        assertThat(enrol.json().get("otpauthUri").asText())
                .startsWith("otpauth://totp/Sightline:otto?secret=" + secret);
        long step = Instant.now().getEpochSecond() / 30;

        assertProblem(client.post("/api/console/login", Map.of("account", "otto",
                "password", REP_PASSWORD, "code", wrong(code(secret, step))), null), 401,
                "is wrong");
        assertThat(latest("LoginFailed", "otto").get("reason").asText())
                .isEqualTo("SECOND_FACTOR_FAILED");

        Response enrolled = client.post("/api/console/login", Map.of("account", "otto",
                "password", REP_PASSWORD, "code", code(secret, step)), null).expect(200);
        String lsid = enrolled.json().get("consoleLsid").asText();
        assertThat(types(lsid)).containsExactly("LoginSucceeded", "SecondFactorEnrolled");
        assertThat(event(lsid, "LoginSucceeded").get("method").asText())
                .isEqualTo("password+totp");

        Response noCode = client.post("/api/console/login",
                Map.of("account", "otto", "password", REP_PASSWORD), null);
        assertProblem(noCode, 401, "one-time code");
        assertThat(noCode.json().get("type").asText()).endsWith("second-factor-required");

        Response replayed = client.post("/api/console/login", Map.of("account", "otto",
                "password", REP_PASSWORD, "code", code(secret, step)), null);
        assertProblem(replayed, 401, "is wrong");
        assertThat(latest("LoginFailed", "otto").get("reason").asText())
                .isEqualTo("SECOND_FACTOR_FAILED");

        client.post("/api/console/login", Map.of("account", "otto", "password", REP_PASSWORD,
                "code", code(secret, step + 1)), null).expect(200);
    }

    @Test
    void aWrongPasswordWithARightCodeIsStillRefused() throws Exception {
        String admin = bootstrapAdmin();
        createAccount(admin, "ulla", "AUDITOR", List.of());
        String secret = client.post("/api/console/login",
                Map.of("account", "ulla", "password", REP_PASSWORD), null)
                .json().get("secret").asText();
        long step = Instant.now().getEpochSecond() / 30;

        assertProblem(client.post("/api/console/login", Map.of("account", "ulla",
                "password", "not-ulla-s-password", "code", code(secret, step)), null), 401,
                "is wrong");
        assertThat(latest("LoginFailed", "ulla").get("reason").asText())
                .isEqualTo("BAD_PASSWORD");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM second_factor"
                + " WHERE account = 'ulla' AND secret IS NOT NULL", Long.class))
                .as("no enrolment without the password").isZero();
    }

    /** The bootstrap admin's token, replacing its one-time password if no test did yet. */
    private String bootstrapAdmin() {
        Matcher printed = BOOTSTRAP.matcher(PRINTED);
        assertThat(printed.find()).isTrue();
        for (String password : List.of("chosen-by-the-admin-1", printed.group(2))) {
            Map<String, Object> body = new HashMap<>(Map.of("account", printed.group(1),
                    "password", password));
            if (!password.startsWith("chosen")) {
                body.put("newPassword", "chosen-by-the-admin-1");
            }
            Response answer = client.post("/api/console/login", body, null);
            if (answer.status() == 200) {
                return answer.json().get("token").asText();
            }
        }
        throw new AssertionError("the bootstrap admin cannot sign in");
    }

    private void createAccount(String admin, String name, String role, List<String> teams) {
        client.post("/api/accounts", Map.of("account", name, "role", role,
                "password", REP_PASSWORD, "teams", teams), admin).expect(201);
    }

    private void wrongPassword(String name) {
        assertProblem(client.post("/api/console/login",
                Map.of("account", name, "password", "not-" + name + "-s-password"), null),
                401, "is wrong");
    }

    /** The simple names of an LSID's event types, in order. */
    private List<String> types(String lsid) {
        return jdbc.queryForList("SELECT payloadtype FROM domainevententry"
                        + " WHERE aggregateidentifier = ? ORDER BY sequencenumber", String.class,
                        lsid).stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1))
                .toList();
    }

    private JsonNode event(String lsid, String type) throws Exception {
        return JSON.readTree(jdbc.queryForObject("SELECT convert_from(payload, 'UTF8')"
                + " FROM domainevententry WHERE aggregateidentifier = ?"
                + " AND payloadtype LIKE ?", String.class, lsid, "%." + type));
    }

    /** The newest event of a type about an account, as stored. */
    private JsonNode latest(String type, String account) {
        try {
            String payload = jdbc.queryForObject("SELECT convert_from(payload, 'UTF8')"
                    + " FROM domainevententry WHERE payloadtype LIKE ?"
                    + " AND position(convert_to(?, 'UTF8') IN payload) > 0"
                    + " ORDER BY globalindex DESC LIMIT 1", String.class, "%." + type,
                    account);
            return JSON.readTree(payload);
        } catch (Exception e) {
            throw new AssertionError("no " + type + " event about " + account, e);
        }
    }

    /** RFC 6238 with HMAC-SHA-1 and 6 digits, written here apart from Sightline's own. */
    static String code(String base32Secret, long step) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(base32(base32Secret), "HmacSHA1"));
        byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
        int offset = hash[19] & 0xf;
        int value = ByteBuffer.wrap(hash, offset, 4).getInt() & 0x7fffffff;
        return String.format("%06d", value % 1_000_000);
    }

    private static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    private static byte[] base32(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long buffer = 0;
        int bits = 0;
        for (char c : text.toCharArray()) {
            buffer = (buffer << 5) | "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((int) (buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
