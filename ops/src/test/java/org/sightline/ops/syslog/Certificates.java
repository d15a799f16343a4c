package org.sightline.ops.syslog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A test CA, a server certificate for 127.0.0.1 and localhost and a client certificate,
 * made with the openssl command; for the Java side a PKCS#12 trust store holding the CA and
 * a PKCS#12 key store holding the client's certificate and key.
 */
public final class Certificates {

    static final String TRUST_STORE_PASSWORD = "trust-store-password";
    static final String CLIENT_STORE_PASSWORD = "client-store-password";

    public final Path caPem;
    public final Path serverPem;
    public final Path serverKeyPem;
    public final Path trustStore;
    public final Path clientStore;

    public Certificates(Path directory) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        caPem = directory.resolve("ca.pem");
        serverPem = directory.resolve("server.pem");
        serverKeyPem = directory.resolve("server-key.pem");
        trustStore = directory.resolve("trust.p12");
        clientStore = directory.resolve("client.p12");
        Path caKey = directory.resolve("ca-key.pem");
        Path request = directory.resolve("server.csr");
        Path extensions = directory.resolve("server.ext");
        Files.writeString(extensions, "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                + "extendedKeyUsage=serverAuth\n");

        run(directory, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=Sightline test CA", "-keyout", caKey.toString(), "-out",
                caPem.toString());
        run(directory, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj",
                "/CN=localhost", "-keyout", serverKeyPem.toString(), "-out", request.toString());
        run(directory, "openssl", "x509", "-req", "-in", request.toString(), "-CA",
                caPem.toString(), "-CAkey", caKey.toString(), "-CAcreateserial", "-days", "2",
                "-extfile", extensions.toString(), "-out", serverPem.toString());
        Files.writeString(directory.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        run(directory, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj",
                "/CN=sightline-test-client", "-keyout", "client-key.pem", "-out", "client.csr");
        run(directory, "openssl", "x509", "-req", "-in", "client.csr", "-CA", caPem.toString(),
                "-CAkey", caKey.toString(), "-CAcreateserial", "-days", "2", "-extfile",
                "client.ext", "-out", "client.pem");
        run(directory, "openssl", "pkcs12", "-export", "-in", "client.pem", "-inkey",
                "client-key.pem", "-name", "client", "-passout", "pass:" + CLIENT_STORE_PASSWORD,
                "-out", clientStore.toString());
        run(directory, Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-importcert", "-noprompt", "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", TRUST_STORE_PASSWORD,
                "-alias", "test-ca", "-file", caPem.toString());
    }

    private static void run(Path directory, String... command)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).directory(directory.toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
