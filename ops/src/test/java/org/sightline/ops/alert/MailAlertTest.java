package org.sightline.ops.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.sightline.contracts.Lsid;
import org.sightline.ops.SightlineIntegrationTest;
import org.sightline.ops.TestProcesses;
import org.sightline.ops.syslog.Certificates;
import org.sightline.projections.chain.ChainStatusRecorder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Mail alerts against a real SMTP server (Debian's aiosmtpd) on loopback that demands
 * STARTTLS: first with a certificate of a CA Sightline does not trust, then with one it does,
 * on the same port. Sightline trusts the test CA through {@code sightline.mail.ca-file}.
 */
@TestPropertySource(properties = {"sightline.test.database=mail-alerts",
        "sightline.identity.lockout.attempts=3",
        "sightline.identity.lockout.duration=PT1M"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MailAlertTest extends SightlineIntegrationTest {

    private static final String RECIPIENTS = "security@test.example, oncall@test.example";
    private static final String WRONG_PASSWORD = "not-nina-s-password-";

    private static Path directory;
    private static Certificates trusted;
    private static Certificates untrusted;
    private static SmtpServer server;
    private static String lockedAccount;

    @Autowired
    EmbeddedPostgres postgres;

    @Autowired
    ChainStatusRecorder chains;

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry properties) throws Exception {
        directory = Path.of(System.getProperty("java.io.tmpdir"),
                "smtp-" + ProcessHandle.current().pid());
        trusted = new Certificates(directory.resolve("trusted"));
        untrusted = new Certificates(directory.resolve("untrusted"));
        server = new SmtpServer(directory.resolve("server"), TestProcesses.freePort());
        properties.add("sightline.mail.host", () -> "127.0.0.1");
        properties.add("sightline.mail.port", () -> server.port);
        properties.add("sightline.mail.security", () -> "starttls");
        properties.add("sightline.mail.from", () -> "sightline@test.example");
        properties.add("sightline.mail.ca-file", () -> trusted.caPem.toString());
        properties.add("sightline.mail.timeout", () -> "PT5S");
        properties.add("sightline.mail.min-interval", () -> "PT1S");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    @Order(1)
    void aSettingValueThatBreaksItsRuleIsRefusedAndStoresNothing() {
        String admin = admin();
        long before = eventCount();

        assertProblem(client.put("/api/configuration/alerts.mail.recipients",
                Map.of("value", "Security <security@test.example>"), admin), 400,
                "is not a plain mail address");
        assertProblem(client.put("/api/configuration/alerts.mail.recipients",
                Map.of("value", "security@test.example\r\nBcc: someone@else.example"), admin),
                400, "is not a plain mail address");
        assertProblem(client.put("/api/configuration/alerts.mail.events",
                Map.of("value", "console.account.lockedd"), admin), 400,
                "is not an event type");

        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    @Order(2)
    void aServerWhoseCertificateIsNotTrustedGetsNoMailAndTheAlertWaits() throws Exception {
        server.start(untrusted.serverPem, untrusted.serverKeyPem);
        String admin = admin();
        client.put("/api/configuration/alerts.mail.events",
                Map.of("value", "console.account.locked,audit.chain.failed"), admin).expect(200);
        client.put("/api/configuration/alerts.mail.recipients", Map.of("value", RECIPIENTS),
                admin).expect(200);
        lockedAccount = "nina-" + System.nanoTime() % 100_000;
        newRep(lockedAccount);

        for (int attempt = 0; attempt < 3; attempt++) {
            client.post("/api/console/login", Map.of("account", lockedAccount,
                    "password", WRONG_PASSWORD + attempt), null).expect(401);
        }

        try {
            await("Sightline refused the server's certificate twice", Duration.ofSeconds(30),
                    () -> count(server.log(), "alert certificate unknown") >= 2);
            assertThat(server.log()).doesNotContain("MAIL FROM");
            assertThat(server.messages()).isEmpty();
        } finally {
            server.stop();
        }
    }

    @Test
    @Order(3)
    void theAlertThatWaitedArrivesOverStartTlsOnceTheServerIsTrusted() throws Exception {
        server.start(trusted.serverPem, trusted.serverKeyPem);
        Map<String, Object> lock = jdbc.queryForMap("SELECT aggregateidentifier AS lsid,"
                + " timestamp AS at FROM domainevententry WHERE payloadtype LIKE '%AccountLocked'"
                + " AND position(convert_to(?, 'UTF8') IN payload) > 0",
                "\"account\":\"" + lockedAccount + "\"");

        await("the lock-out alert arrives", Duration.ofSeconds(90),
                () -> !server.messages().isEmpty());
        MimeMessage mail = server.messages().get(0);
        String text = (String) mail.getContent();
        assertThat(server.log()).contains("STARTTLS");
        assertThat(mail.getSubject())
                .isEqualTo("[Sightline] console.account.locked: " + lockedAccount);
        assertThat(Arrays.stream(mail.getRecipients(Message.RecipientType.TO))
                .map(Object::toString))
                .containsExactly("security@test.example", "oncall@test.example");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("sightline@test.example");
        assertThat(mail.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat(text).contains("console.account.locked (code 2004, WARNING)",
                "  time: " + lock.get("at"), "  LSID: " + lock.get("lsid"),
                "  account: " + lockedAccount, "  failed attempts: 3", "  locked until: ");
        assertThat(text).doesNotContain(WRONG_PASSWORD, ADMIN_PASSWORD, REP_PASSWORD);
        assertThat(server.messages()).hasSize(1);
    }

    @Test
    @Order(4)
    void aChainThatStopsVerifyingIsRecordedOnceAndMailed() throws Exception {
        String lsid = client.post("/api/console/login",
                        Map.of("account", "admin", "password", ADMIN_PASSWORD), null)
                .expect(200).json().get("consoleLsid").asText();
        tamper(postgres, "UPDATE domainevententry SET payload = set_byte(payload, 10,"
                + " get_byte(payload, 10) # 1)"
                + " WHERE aggregateidentifier = ? AND sequencenumber = 0", lsid);

        chains.record(List.of(lsid));
        chains.record(List.of(lsid));

        assertThat(eventCount(Lsid.VERIFICATIONS.value())).isEqualTo(1);
        await("the chain alert arrives", Duration.ofSeconds(60),
                () -> server.messages().size() == 2);
        MimeMessage mail = server.messages().stream()
                .filter(m -> subject(m).contains("audit.chain.failed"))
                .findFirst().orElseThrow();
        assertThat(mail.getSubject()).isEqualTo("[Sightline] audit.chain.failed: " + lsid);
        assertThat((String) mail.getContent()).contains(
                "audit.chain.failed (code 4002, ALERT)", "  stream: " + lsid,
                "  what: changed", "  at sequence: 0",
                "  LSID: " + Lsid.VERIFICATIONS.value());
    }

    @Test
    @Order(5)
    void aRecipientTheServerRefusesForGoodHoldsNoAlertBackFromTheOthers() throws Exception {
        String admin = admin();
        client.put("/api/configuration/alerts.mail.recipients",
                Map.of("value", "gone@test.example, security@test.example"), admin).expect(200);
        String account = "omar-" + System.nanoTime() % 100_000;
        newRep(account);

        for (int attempt = 0; attempt < 3; attempt++) {
            client.post("/api/console/login", Map.of("account", account,
                    "password", WRONG_PASSWORD + attempt), null).expect(401);
        }

        await("the lock-out alert reaches the recipient the server takes",
                Duration.ofSeconds(60), () -> server.messages().stream()
                        .anyMatch(m -> subject(m).endsWith(": " + account)));
        MimeMessage mail = server.messages().stream()
                .filter(m -> subject(m).endsWith(": " + account)).findFirst().orElseThrow();
        // aiosmtpd's record of the envelope: the refused mailbox was not a recipient.
        assertThat(mail.getHeader("X-RcptTo")).containsExactly("security@test.example");
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}
