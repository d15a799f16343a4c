package org.sightline.ops.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sightline.ops.SightlineIntegrationTest.assertProblem;
import static org.sightline.ops.SightlineIntegrationTest.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sightline.command.tls.SiteCertificates;
import org.sightline.contracts.Lsid;
import org.sightline.ops.demo.DemoSession;
import org.sightline.ops.demo.SightlineClient;
import org.sightline.ops.demo.SightlineClient.Response;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Sightline on HTTPS, as the product runs by default: its first start's self-signed
 * certificate, the redirect-only HTTP port, protocols and cipher order as Debian's sslscan
 * sees them after admin changes, and certificates from the product's own signing requests,
 * signed by a test CA made with the openssl command.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "sightline.embedded-database.ephemeral=true",
    "sightline.bootstrap.admin-password=" + TlsTest.ADMIN_PASSWORD,
    "server.address=127.0.0.1",
    "sightline.tls.enabled=true",
    "sightline.tls.redirect-port=0",
    "sightline.tls.refresh-interval=PT0.2S",
    "sightline.audit.signing-key-file=${java.io.tmpdir}/tls-test-checkpoint-key.pem",
    "sightline.encryption.master-key-file=${java.io.tmpdir}/tls-test-master.key",
    "sightline.relay.token-key-file=${java.io.tmpdir}/tls-test-relay-token.key",
    "sightline.relay.recordings-directory=${java.io.tmpdir}/tls-test-recordings",
    "server.shutdown=immediate"})
class TlsTest {

    static final String ADMIN_PASSWORD = "admin-password-for-tls-tests";
    private static final Duration APPLIED = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    RedirectServer redirect;

    @Autowired
    SiteCertificates certificates;

    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path directory;

    SightlineClient client;
    String admin;
    private Map<String, String> ianaNames;

    @BeforeEach
    void signIn() {
        client = new SightlineClient(URI.create("https://127.0.0.1:" + port),
                TestTls.acceptingAnything());
        admin = new DemoSession(client).signIn("admin", ADMIN_PASSWORD);
    }

    @Test
    void firstStartServesASelfSignedCertificateWithHsts() throws Exception {
        X509Certificate served = TestTls.served(port).get(0);
        HttpResponse<String> page = https().send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + port + "/api/portal")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(served.getSubjectX500Principal()).isEqualTo(served.getIssuerX500Principal());
        assertThat(TestTls.fingerprint(served))
                .isEqualTo(certificates.existingSelfSigned().orElseThrow().fingerprint());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Strict-Transport-Security"))
                .hasValue("max-age=31536000");
    }

    @Test
    void theCliAsksForASigningRequestOverAConnectionPinnedToTheServedCertificate()
            throws Exception {
        String pin = TestTls.fingerprint(TestTls.served(port).get(0));
        String url = "https://127.0.0.1:" + port;
        long requests = csrEvents();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int refused = TlsCommand.run(new String[] {"csr", "--url", url, "--account", "admin",
            "--names", "cli.example", "--fingerprint", "00".repeat(32)},
                new PrintStream(out), new PrintStream(err), ADMIN_PASSWORD);
        assertThat(refused).isEqualTo(2);
        assertThat(csrEvents()).as("nothing asked of a server that is not the pinned one")
                .isEqualTo(requests);

        int done = TlsCommand.run(new String[] {"csr", "--url", url, "--account", "admin",
            "--names", "cli.example", "--fingerprint", pin},
                new PrintStream(out), new PrintStream(err), ADMIN_PASSWORD);
        assertThat(done).as(err.toString()).isZero();
        assertThat(out.toString()).contains("-----BEGIN CERTIFICATE REQUEST-----");
        assertThat(csrEvents()).isEqualTo(requests + 1);
    }

    private long csrEvents() {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry"
                + " WHERE payloadtype LIKE '%ConfigurationChanged'"
                + " AND position(convert_to('\"setting\":\"tls.csr\"', 'UTF8') IN payload) > 0",
                Long.class);
    }

    @Test
    void thePlainHttpPortOnlyRedirects() throws Exception {
        String plain = "http://127.0.0.1:" + redirect.port();
        for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(plain + "/api/sessions?queue=general&x=1"))
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).as(method).isEqualTo(301);
            assertThat(answer.headers().firstValue("Location")).hasValue(
                    "https://127.0.0.1:" + port + "/api/sessions?queue=general&x=1");
            assertThat(answer.body()).isEmpty();
        }
    }

    @Test
    void sslscanSeesExactlyTheConfiguredProtocolsAndCipherOrder() {
        try {
            assertThat(sslscan().protocols()).isEqualTo(Set.of("TLSv1.2", "TLSv1.3"));

            setting("tls.protocols", "TLSv1.2,TLSv1.3").expect(200);
            setting("tls.ciphers", "TLS_CHACHA20_POLY1305_SHA256,TLS_AES_128_GCM_SHA256,"
                    + "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,"
                    + "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256").expect(200);
            awaitScan(Map.of(
                    "TLSv1.3", List.of("TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256"),
                    "TLSv1.2", List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256")));

            setting("tls.protocols", "TLSv1.3").expect(200);
            setting("tls.ciphers", "TLS_AES_256_GCM_SHA384,TLS_AES_128_GCM_SHA256,"
                    + "TLS_CHACHA20_POLY1305_SHA256").expect(200);
            awaitScan(Map.of("TLSv1.3", List.of("TLS_AES_256_GCM_SHA384",
                    "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256")));
        } finally {
            restoreDefaults();
        }
    }

    @Test
    void suitesThatDoNotFitTheServedKeyAreRefused() {
        try {
            setting("tls.protocols", "TLSv1.2").expect(200);
            long afterProtocols = siteEvents();
            // The self-signed certificate has an EC key: RSA suites leave no handshake.
            Response rsaOnly = setting("tls.ciphers",
                    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_AES_256_GCM_SHA384");
            assertThat(rsaOnly.status()).as(rsaOnly.body()).isEqualTo(400);
            assertThat(rsaOnly.json().get("detail").asText())
                    .contains("no client could connect over TLSv1.2");
            setting("tls.protocols", "TLSv1.3").expect(200);
            Response signalOnly = setting("tls.ciphers", "TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
            assertThat(signalOnly.status()).as(signalOnly.body()).isEqualTo(400);
            assertThat(siteEvents()).isEqualTo(afterProtocols + 1);
        } finally {
            restoreDefaults();
        }
    }

    @Test
    void protocolsAndSuitesThatWouldShutEveryClientOutAreRefused() {
        long before = siteEvents();
        Response refused = setting("tls.ciphers", "TLS_AES_128_GCM_SHA256");
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("detail").asText()).contains("TLSv1.2 would have no");
        assertThat(siteEvents()).isEqualTo(before);
        try {
            setting("tls.protocols", "TLSv1.3").expect(200);
            setting("tls.ciphers", "TLS_AES_128_GCM_SHA256").expect(200);
            assertThat(setting("tls.protocols", "TLSv1.2,TLSv1.3").status()).isEqualTo(400);
        } finally {
            restoreDefaults();
        }
    }


    @Test
    void protocolsTheJvmSwitchedOffAndUnknownSuitesAreRefused() {
        long events = siteEvents();

        Response oldProtocol = setting("tls.protocols", "TLSv1.1,TLSv1.2");
        Response unknownSuite = setting("tls.ciphers", "TLS_AES_128_GCM_SHA256,NO_SUCH_SUITE");

        assertThat(oldProtocol.status()).isEqualTo(400);
        assertThat(oldProtocol.json().get("detail").asText()).contains("TLSv1.1");
        assertThat(unknownSuite.status()).isEqualTo(400);
        assertThat(unknownSuite.json().get("detail").asText()).contains("NO_SUCH_SUITE");
        assertThat(siteEvents()).isEqualTo(events);
    }

    @Test
    void opensslReadsTheSigningRequestWithItsSubjectAndNames() throws Exception {
        Response made = signingRequest("sightline.example.test", "support.example.test");
        Path csr = Files.writeString(directory.resolve("site.csr"),
                made.json().get("csr").asText());

        String text = TestTls.runOk(directory, "openssl", "req", "-in", csr.toString(),
                "-noout", "-text", "-verify");

        assertThat(text).contains("verify OK")
                .contains("Subject: O = Example Support, CN = sightline.example.test")
                .contains("DNS:sightline.example.test, DNS:support.example.test");
        assertThat(newestValue("tls.csr")).contains(made.json().get("keyId").asText())
                .contains("DNS:sightline.example.test, DNS:support.example.test");
    }

    @Test
    void aSigningRequestForNamesNoCaWouldIssueIsRefusedAndRecordsNothing() {
        long requests = csrEvents();
        for (String name : List.of("203.0.113.7", "*.com", "\u212Aey.example.test")) {
            assertProblem(client.post("/api/tls/csr", Map.of("names", List.of(name)), admin),
                    400, "names: '" + name + "'");
        }
        assertThat(csrEvents()).isEqualTo(requests);
    }

    @Test
    void aCertificateSignedByATestCaIsServedAfterImport() throws Exception {
        TestCa ca = new TestCa(directory);
        Path csr = Files.writeString(directory.resolve("site.csr"),
                signingRequest("imported.example.test").json().get("csr").asText());
        Path site = ca.sign(csr, "imported.example.test");

        Response imported = client.post("/api/tls/certificate",
                Map.of("chain", Files.readString(site) + Files.readString(ca.intermediate)
                        + Files.readString(ca.root)), admin);

        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        String fingerprint = TestTls.fingerprint(TestTls.certificates(site).get(0));
        await("the imported certificate is served", APPLIED, () ->
                TestTls.fingerprint(TestTls.served(port).get(0)).equals(fingerprint));
        assertThat(TestTls.served(port)).hasSize(3);
        assertThat(newestValue("tls.certificate")).contains("\"newValue\":\"sha256:" + fingerprint);
    }

    @Test
    void aBrokenChainIsRefusedAndTheServedCertificateStays() throws Exception {
        TestCa ca = new TestCa(directory);
        Path csr = Files.writeString(directory.resolve("site.csr"),
                signingRequest("broken.example.test").json().get("csr").asText());
        Path site = ca.sign(csr, "broken.example.test");
        String before = TestTls.fingerprint(TestTls.served(port).get(0));
        long events = siteEvents();

        Response withoutIntermediate = client.post("/api/tls/certificate",
                Map.of("chain", Files.readString(site) + Files.readString(ca.root)), admin);
        Response wrongNames = client.post("/api/tls/certificate",
                Map.of("chain", Files.readString(ca.sign(csr, "other.example.test"))
                        + Files.readString(ca.intermediate) + Files.readString(ca.root)), admin);

        assertThat(withoutIntermediate.status()).isEqualTo(400);
        assertThat(withoutIntermediate.json().get("detail").asText())
                .contains("incomplete", "Sightline test intermediate");
        assertThat(wrongNames.status()).isEqualTo(400);
        assertThat(wrongNames.json().get("detail").asText())
                .contains("does not name broken.example.test");
        // A root pasted twice passes every check but loading: what no node could serve.
        Response twiceTheRoot = client.post("/api/tls/certificate",
                Map.of("chain", Files.readString(site) + Files.readString(ca.intermediate)
                        + Files.readString(ca.root) + Files.readString(ca.root)), admin);
        assertThat(twiceTheRoot.status()).as(twiceTheRoot.body()).isEqualTo(400);
        assertThat(siteEvents()).isEqualTo(events);
        Thread.sleep(600); // three refresh intervals
        assertThat(TestTls.fingerprint(TestTls.served(port).get(0))).isEqualTo(before);
    }

    private Response signingRequest(String... names) {
        Response made = client.post("/api/tls/csr",
                Map.of("names", List.of(names), "organization", "Example Support"), admin);
        return made.expect(201);
    }

    private Response setting(String name, String value) {
        return client.put("/api/configuration/" + name, Map.of("value", value), admin);
    }

    /**
     * Clears both settings and waits until the nodes serve the defaults again, so that the next
     * test starts from them rather than from what the refresh has not yet replaced.
     */
    private void restoreDefaults() {
        for (String name : List.of("tls.ciphers", "tls.protocols")) {
            // 409: the setting has that value already.
            assertThat(setting(name, "").status()).as(name).isIn(200, 409);
        }
        await("the default protocols and suites are served", APPLIED, () ->
                TestTls.handshakes(port, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")
                && TestTls.handshakes(port, "TLSv1.3", "TLS_AES_256_GCM_SHA384"));
    }

    private long siteEvents() {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry"
                + " WHERE aggregateidentifier = ?", Long.class, Lsid.SITE.value());
    }

    private String newestValue(String setting) {
        return jdbc.queryForList("SELECT convert_from(payload, 'UTF8') FROM domainevententry"
                + " WHERE aggregateidentifier = ? AND position(convert_to(?, 'UTF8') IN payload)"
                + " > 0 ORDER BY sequencenumber DESC LIMIT 1", String.class, Lsid.SITE.value(),
                "\"setting\":\"" + setting + "\"").get(0);
    }

    private HttpClient https() {
        return HttpClient.newBuilder().sslContext(TestTls.acceptingAnything()).build();
    }

    /** What sslscan found: the enabled protocols, and per protocol the suites in order. */
    record Scan(Set<String> protocols, Map<String, List<String>> ciphers, String output) {
    }

    private void awaitScan(Map<String, List<String>> expected) {
        AtomicReference<Scan> last = new AtomicReference<>();
        try {
            await("sslscan sees " + expected, APPLIED, () -> {
                last.set(sslscan());
                return last.get().protocols().equals(expected.keySet())
                        && last.get().ciphers().equals(expected);
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; it saw " + last.get().protocols() + " "
                    + last.get().ciphers() + "\n" + last.get().output(), e);
        }
    }

    private Scan sslscan() {
        String text = TestTls.runOk(directory, "sslscan", "--no-colour",
                "--no-check-certificate", "--no-heartbleed", "--no-compression",
                "--no-renegotiation", "--no-fallback", "--no-groups", "127.0.0.1:" + port);
        Set<String> protocols = new LinkedHashSet<>();
        Map<String, List<String>> ciphers = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            Matcher protocol = PROTOCOL_LINE.matcher(line);
            Matcher cipher = CIPHER_LINE.matcher(line);
            if (protocol.matches() && protocol.group(2).equals("enabled")) {
                protocols.add(protocol.group(1));
            } else if (cipher.matches()) {
                ciphers.computeIfAbsent(cipher.group(1), v -> new ArrayList<>())
                        .add(ianaNames().getOrDefault(cipher.group(2), cipher.group(2)));
            }
        }
        return new Scan(protocols, ciphers, text);
    }

    /**
     * OpenSSL's names of the cipher suites (which sslscan prints) mapped to the IANA names
     * (which the JVM and the setting use), as {@code openssl ciphers -stdname} lists them.
     */
    private Map<String, String> ianaNames() {
        if (ianaNames == null) {
            Map<String, String> names = new LinkedHashMap<>();
            for (String line : TestTls.runOk(directory, "openssl", "ciphers", "-stdname", "ALL")
                    .lines().toList()) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length > 2 && parts[1].equals("-")) {
                    names.put(parts[2], parts[0]);
                }
            }
            ianaNames = names;
        }
        return ianaNames;
    }

    /** sslscan's "TLSv1.2   enabled" lines. */
    private static final Pattern PROTOCOL_LINE =
            Pattern.compile("(SSLv2|SSLv3|TLSv1\\.[0-3])\\s+(enabled|disabled)\\s*");
    /** sslscan's "Preferred TLSv1.3  256 bits  TLS_AES_256_GCM_SHA384 ..." lines, in order. */
    private static final Pattern CIPHER_LINE =
            Pattern.compile("(?:Preferred|Accepted)\\s+(\\S+)\\s+\\d+ bits\\s+(\\S+).*");
}
