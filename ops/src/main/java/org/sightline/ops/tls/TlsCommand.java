package org.sightline.ops.tls;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.sightline.ops.demo.DemoSession;
import org.sightline.ops.demo.SightlineClient;

/**
 * {@code ./sightline tls csr|import|show}: the site's certificate steps from a shell, through
 * the admin API of a running server over HTTPS.
 *
 * <pre>
 * ./sightline tls csr    --url https://HOST:8443 --account admin --names a.example,b.example
 *                        [--organization NAME] [--key-type EC|RSA] [--fingerprint FP]
 * ./sightline tls import --url https://HOST:8443 --account admin --chain chain.pem
 *                        [--fingerprint FP]
 * ./sightline tls show   --url https://HOST:8443 --account admin [--fingerprint FP]
 * </pre>
 *
 * The admin's password is read from {@code SIGHTLINE_PASSWORD}, or asked for on the terminal.
 * {@code --fingerprint} (SHA-256, as printed at the first start, with or without colons)
 * pins the server's certificate: the way to reach a site that still serves its self-signed
 * one. Without it the JVM's trusted roots and the host name decide.
 */
public final class TlsCommand {

    private static final List<String> VERBS = List.of("csr", "import", "show");

    private TlsCommand() {
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err, System.getenv("SIGHTLINE_PASSWORD"));
    }

    static int run(String[] args, PrintStream out, PrintStream err, String password) {
        try {
            if (args.length == 0 || !VERBS.contains(args[0])) {
                throw new IllegalArgumentException("say one of " + VERBS);
            }
            Map<String, String> options = options(Arrays.copyOfRange(args, 1, args.length));
            URI url = URI.create(required(options, "url"));
            if (!"https".equals(url.getScheme())) {
                throw new IllegalArgumentException("--url is an https:// address");
            }
            SightlineClient client = new SightlineClient(url,
                    pinned(options.get("fingerprint")));
            String token = new DemoSession(client).signIn(required(options, "account"),
                    password != null ? password : ask());
            SightlineClient.Response answer = switch (args[0]) {
                case "csr" -> client.post("/api/tls/csr", csrRequest(options), token);
                case "import" -> client.post("/api/tls/certificate", Map.of("chain",
                        Files.readString(Path.of(required(options, "chain")))), token);
                default -> client.get("/api/tls", token);
            };
            if (answer.status() / 100 != 2) {
                err.println("refused (" + answer.status() + "): "
                        + answer.json().path("detail").asText(answer.body()));
                return 1;
            }
            out.println(args[0].equals("csr") ? answer.json().get("csr").asText()
                    : answer.json().toPrettyString());
            return 0;
        } catch (IllegalArgumentException | IllegalStateException | IOException
                | UncheckedIOException e) {
            err.println("sightline tls: " + e.getMessage());
            return 2;
        }
    }

    private static Map<String, Object> csrRequest(Map<String, String> options) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("names", List.of(required(options, "names").split(",")));
        if (options.containsKey("organization")) {
            body.put("organization", options.get("organization"));
        }
        if (options.containsKey("key-type")) {
            body.put("keyType", options.get("key-type").toUpperCase(Locale.ROOT));
        }
        return body;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("options are --name value; not " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static String ask() {
        Console console = System.console();
        if (console == null) {
            throw new IllegalStateException("no terminal to ask for the password on: set"
                    + " SIGHTLINE_PASSWORD");
        }
        return new String(console.readPassword("Password: "));
    }

    /** Trusts exactly the certificate with this SHA-256; null: the JVM's trusted roots. */
    private static SSLContext pinned(String fingerprint) {
        if (fingerprint == null) {
            return null;
        }
        String expected = fingerprint.replace(":", "").replaceFirst("^sha256:", "")
                .toLowerCase(Locale.ROOT);
        if (!expected.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("--fingerprint is a SHA-256: 64 hex digits,"
                    + " with or without colons");
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new Pin(expected)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM offers no TLS", e);
        }
    }

    /** Accepts a server whose own certificate has the pinned SHA-256, and nothing else. */
    private static final class Pin extends X509ExtendedTrustManager {

        private final String expected;

        Pin(String expected) {
            this.expected = expected;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            try {
                String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(chain[0].getEncoded()));
                if (!MessageDigest.isEqual(actual.getBytes(StandardCharsets.US_ASCII),
                        expected.getBytes(StandardCharsets.US_ASCII))) {
                    throw new CertificateException("the server's certificate has the SHA-256 "
                            + actual + ", not the pinned one");
                }
            } catch (GeneralSecurityException e) {
                throw new CertificateException(e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String auth, Socket socket)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String auth, SSLEngine engine)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String auth)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String auth, Socket socket)
                throws CertificateException {
            throw new CertificateException("a client of Sightline trusts no clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String auth, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a client of Sightline trusts no clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String auth)
                throws CertificateException {
            throw new CertificateException("a client of Sightline trusts no clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
