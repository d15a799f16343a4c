package org.sightline.ops.syslog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A test CA and a server certificate for 127.0.0.1 and localhost, made with the openssl
 * command, and a PKCS#12 trust store holding the CA for the Java side.
 */
final class Certificates {

    static final String TRUST_STORE_PASSWORD = "trust-store-password";

    final Path caPem;
    final Path serverPem;
    final Path serverKeyPem;
    final Path trustStore;

    Certificates(Path directory) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        caPem = directory.resolve("ca.pem");
        serverPem = directory.resolve("server.pem");
        serverKeyPem = directory.resolve("server-key.pem");
        trustStore = directory.resolve("trust.p12");
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
