package org.sightline.ops.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.sightline.ops.SightlineIntegrationTest;
import org.sightline.ops.demo.DemoSession;
import org.sightline.projections.chain.Canonical;
import org.sightline.projections.chain.Checkpointer;
import org.sightline.projections.retention.RetentionJob;
import org.sightline.projections.chain.SigningKey;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The syslog feed against a real rsyslogd: one destination over TLS (sign-ins and
 * configuration changes), one over plain TCP (everything, with a 2048-byte limit). What is
 * checked is what rsyslog's own RFC 5424 parser makes of each message.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyslogFeedTest extends SightlineIntegrationTest {

    private static final String SD = "sightline@32473";
    private static Rsyslog rsyslog;
    private static SilentReceiver silent;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Checkpointer checkpointer;

    @Autowired
    RetentionJob retention;

    @DynamicPropertySource
    static void destinations(DynamicPropertyRegistry properties) throws Exception {
        Path directory = Path.of(System.getProperty("java.io.tmpdir"),
                "rsyslog-" + ProcessHandle.current().pid());
        Certificates certificates = new Certificates(directory.resolve("certificates"));
        rsyslog = new Rsyslog(directory, certificates).start();
        properties.add("sightline.syslog.destinations[0].name", () -> "siem-tls");
        properties.add("sightline.syslog.destinations[0].host", () -> "127.0.0.1");
        properties.add("sightline.syslog.destinations[0].port", () -> rsyslog.tlsPort);
        properties.add("sightline.syslog.destinations[0].protocol", () -> "TLS");
        properties.add("sightline.syslog.destinations[0].trust-store",
                () -> certificates.trustStore.toString());
        properties.add("sightline.syslog.destinations[0].trust-store-password",
                () -> Certificates.TRUST_STORE_PASSWORD);
        // The receiver demands a client certificate: this destination presents one.
        properties.add("sightline.syslog.destinations[0].key-store",
                () -> certificates.clientStore.toString());
        properties.add("sightline.syslog.destinations[0].key-store-password",
                () -> Certificates.CLIENT_STORE_PASSWORD);
        properties.add("sightline.syslog.destinations[1].name", () -> "archive-tcp");
        properties.add("sightline.syslog.destinations[1].host", () -> "127.0.0.1");
        properties.add("sightline.syslog.destinations[1].port", () -> rsyslog.tcpPort);
        properties.add("sightline.syslog.destinations[1].protocol", () -> "TCP");
        properties.add("sightline.syslog.destinations[1].categories",
                () -> "AUTH,CONFIGURATION,SESSION,CHECKPOINT");
        properties.add("sightline.syslog.destinations[1].max-bytes", () -> "2048");
        silent = new SilentReceiver();
        properties.add("sightline.syslog.destinations[2].name", () -> "silent-tls");
        properties.add("sightline.syslog.destinations[2].host", () -> "127.0.0.1");
        properties.add("sightline.syslog.destinations[2].port", () -> silent.port());
        properties.add("sightline.syslog.destinations[2].protocol", () -> "TLS");
        properties.add("sightline.syslog.destinations[2].timeout", () -> "PT1S");
        properties.add("sightline.syslog.destinations[2].trust-store",
                () -> certificates.trustStore.toString());
        properties.add("sightline.syslog.destinations[2].trust-store-password",
                () -> Certificates.TRUST_STORE_PASSWORD);
        properties.add("sightline.syslog.hostname", () -> "sightline-test");
    }

    @AfterAll
    static void stopReceivers() throws Exception {
        rsyslog.close();
        silent.close();
    }

    @Test
    void aReceiverThatNeverCompletesTheHandshakeIsRetriedAndHoldsNoOneElseUp() {
        String admin = admin();
        String value = "while one receiver is silent " + System.nanoTime();

        client.put("/api/configuration/site.name", Map.of("value", value), admin).expect(200);

        await(m -> sd(m, "new_value").equals(value));
        SightlineIntegrationTest.await("the silent receiver is tried again", Duration.ofSeconds(
                30), () -> silent.connections() >= 2);
    }

    @Test
    void signInsAndConfigurationChangesArriveWithTheirFieldsOverTls() {
        var login = client.post("/api/console/login",
                Map.of("account", "admin", "password", ADMIN_PASSWORD), null).expect(200).json();
        String consoleLsid = login.get("consoleLsid").asText();
        client.post("/api/console/login", Map.of("account", "admin", "password", "wrong-one!!"),
                null);
        client.put("/api/configuration/site.name", Map.of("value", "Help desk " + consoleLsid),
                login.get("token").asText()).expect(200);

        JsonNode signIn = await(m -> overTls(m)
                && m.path("msgid").asText().equals("console.login")
                && sd(m, "lsid").equals(consoleLsid));
        assertThat(signIn.get("appname").asText()).isEqualTo("sightline");
        assertThat(signIn.get("hostname").asText()).isEqualTo("sightline-test");
        assertThat(signIn.get("pri").asInt()).isEqualTo(16 * 8 + 6);
        assertThat(sd(signIn, "code")).isEqualTo("2001");
        assertThat(sd(signIn, "who")).isEqualTo("admin");
        assertThat(sd(signIn, "who_ip")).isEqualTo("127.0.0.1");
        assertThat(sd(signIn, "event_id")).isNotBlank();
        JsonNode refused = await(m -> overTls(m)
                && m.path("msgid").asText().equals("console.login.failed"));
        assertThat(sd(refused, "code")).isEqualTo("2002");
        assertThat(refused.get("pri").asInt()).isEqualTo(16 * 8 + 4);
        JsonNode change = await(m -> overTls(m)
                && m.path("msgid").asText().equals("config.changed")
                && sd(m, "lsid").equals(consoleLsid));
        assertThat(sd(change, "setting")).isEqualTo("site.name");
        assertThat(sd(change, "new_value")).isEqualTo("Help desk " + consoleLsid);
        assertThat(sd(change, "who")).isEqualTo("admin");
    }

    @Test
    void theDestinationsThemselvesAreAConfigurationChangeSentToSyslog() {
        JsonNode change = await(m -> sd(m, "setting").equals("syslog.destinations"));

        assertThat(sd(change, "who")).isEqualTo("configuration-file");
        assertThat(sd(change, "new_value"))
                .contains("archive-tcp=TCP://127.0.0.1:" + rsyslog.tcpPort
                        + " categories=AUTH,CHECKPOINT,CONFIGURATION,SESSION max-bytes=2048")
                .contains("siem-tls=TLS://127.0.0.1:" + rsyslog.tlsPort)
                .doesNotContain(Certificates.TRUST_STORE_PASSWORD);
    }

    @Test
    void aCheckpointArrivesWithWhatItTakesToCheckItsSignature() {
        // A session that ends has its chain head signed at once.
        demo.play(demo.requestSupport("Zoe Customer"), newRep("syslog-checkpoint-rep"));

        JsonNode checkpoint = await(m -> m.path("msgid").asText().equals("audit.checkpoint")
                && !sd(m, "checkpoint_id").isEmpty());
        SigningKey.PublicKey key = checkpointer.publicKey();
        byte[] signed = Canonical.checkpoint(Long.parseLong(sd(checkpoint, "checkpoint_id")),
                sd(checkpoint, "created_at"), Integer.parseInt(sd(checkpoint, "streams")),
                HexFormat.of().parseHex(sd(checkpoint, "merkle_root")),
                HexFormat.of().parseHex(sd(checkpoint, "previous_digest")),
                sd(checkpoint, "key_id"));
        assertThat(sd(checkpoint, "key_id")).isEqualTo(key.id());
        assertThat(key.verifies(signed, HexFormat.of().parseHex(sd(checkpoint, "signature"))))
                .isTrue();
    }

    @Test
    void valuesHoldingBracketsQuotesAndBackslashesComeOutAsTheyWentIn() {
        String tricky = "a]b\"c\\d [x=\"y\"] \\\\]";
        String admin = admin();

        client.put("/api/configuration/portal.greeting", Map.of("value", tricky), admin)
                .expect(200);

        JsonNode change = await(m -> m.path("msgid").asText().equals("config.changed")
                && sd(m, "setting").equals("portal.greeting") && sd(m, "new_value")
                .equals(tricky));
        assertThat(sd(change, "new_value")).isEqualTo(tricky);
    }

    @Test
    void aLongChatLineIsCutOnACharacterWithinTheLimitAndMarked() {
        DemoSession.Opened session = demo.requestSupport("Yan Customer");
        String euros = "€".repeat(2730);

        client.post("/api/sessions/" + session.lsid() + "/chat", Map.of("text", euros),
                session.customerToken()).expect(200);

        JsonNode chat = await(m -> m.path("msgid").asText().equals("session.chat")
                && sd(m, "lsid").equals(session.lsid()));
        assertThat(chat.get("raw").asText().getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(2048);
        assertThat(sd(chat, "truncated_from")).isEqualTo(Integer.toString(
                ("Yan Customer said: " + euros).getBytes(StandardCharsets.UTF_8).length));
        assertThat(chat.get("msg").asText().replace("\uFEFF", ""))
                .startsWith("Yan Customer said: €€").doesNotContain("\uFFFD").endsWith("€");
    }

    @Test
    void legalHoldsAndExpiryReachTheDefaultDestination() {
        String admin = admin();
        String lsid = demo.play(demo.requestSupport("Xia Customer"), newRep("syslog-retention"));
        String hold = "/api/sessions/" + lsid + "/legal-hold";
        client.post(hold, Map.of("reason", "case 77"), admin).expect(200);
        client.post(hold + "/release", Map.of("reason", "case 77 closed"), admin).expect(200);
        Instant ended = Instant.parse(jdbc.queryForObject("SELECT timestamp FROM"
                + " domainevententry WHERE aggregateidentifier = ? AND payloadtype ="
                + " 'org.sightline.contracts.session.SessionEnded'", String.class, lsid));
        SightlineIntegrationTest.await("the retention schedule sees the release",
                Duration.ofSeconds(20), () -> jdbc.queryForList(
                        "SELECT legal_hold FROM retention_schedule WHERE lsid = ?",
                        Boolean.class, lsid).equals(List.of(false)));
        retention.expireDue(ended.plus(Duration.ofDays(90)));

        JsonNode placed = await(m -> overTls(m) && sd(m, "lsid").equals(lsid)
                && m.path("msgid").asText().equals("retention.hold.placed"));
        assertThat(sd(placed, "who")).isEqualTo("admin");
        assertThat(sd(placed, "code")).isEqualTo("5001");
        assertThat(placed.get("msg").asText()).contains("admin placed a legal hold: case 77");
        await(m -> overTls(m) && sd(m, "lsid").equals(lsid)
                && m.path("msgid").asText().equals("retention.hold.released"));
        JsonNode expired = await(m -> overTls(m) && sd(m, "lsid").equals(lsid)
                && m.path("msgid").asText().equals("retention.expired"));
        assertThat(sd(expired, "policy")).isEqualTo("PT2160H");
        assertThat(sd(expired, "ended_at")).isEqualTo(ended.toString());
        assertThat(sd(expired, "due_at")).isEqualTo(ended.plus(Duration.ofDays(90)).toString());
        assertThat(sd(expired, "setting")).isEqualTo("retention.session-logs");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void messagesSentWhileTheReceiverIsDownArriveInOrderOnceItIsBack() throws Exception {
        String admin = admin();
        rsyslog.stop();

        List<String> values = IntStream.range(0, 5).mapToObj(i -> "outage " + i + " "
                + System.nanoTime()).toList();
        for (String value : values) {
            client.put("/api/configuration/site.name", Map.of("value", value), admin)
                    .expect(200);
        }
        Thread.sleep(1500);
        assertThat(backlog("archive-tcp")).isGreaterThanOrEqualTo(values.size());
        rsyslog.start();

        SightlineIntegrationTest.await("every change made while it was down arrives at both"
                + " destinations", Duration.ofSeconds(90),
                () -> changes(values).size() >= values.size() * 2);
        List<String> arrived = changes(values);
        assertThat(arrived.stream().distinct().toList()).containsExactlyElementsOf(values);
        SightlineIntegrationTest.await("the backlog is gone", Duration.ofSeconds(10),
                () -> backlog("archive-tcp") == 0);
    }

    private double backlog(String destination) {
        return meters.get("sightline.syslog.backlog").tag("destination", destination).gauge()
                .value();
    }

    /** The site.name values among {@code wanted} that arrived, in arrival order. */
    private List<String> changes(List<String> wanted) {
        return rsyslog.received().stream()
                .filter(m -> m.path("msgid").asText().equals("config.changed"))
                .map(m -> sd(m, "new_value"))
                .filter(wanted::contains)
                .toList();
    }

    private static JsonNode await(Predicate<JsonNode> wanted) {
        JsonNode[] found = new JsonNode[1];
        SightlineIntegrationTest.await("rsyslog received the message", Duration.ofSeconds(30),
                () -> {
                    found[0] = rsyslog.received().stream().filter(wanted).findFirst()
                            .orElse(null);
                    return found[0] != null;
                });
        return found[0];
    }

    /** Received on the TLS input (imtcp), not the plain TCP one (imptcp). */
    private static boolean overTls(JsonNode message) {
        return message.path("input").asText().equals("imtcp");
    }

    private static String sd(JsonNode message, String parameter) {
        return message.path("sd").path(SD).path(parameter).asText();
    }
}
