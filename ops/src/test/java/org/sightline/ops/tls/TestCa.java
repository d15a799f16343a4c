package org.sightline.ops.tls;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test root CA and an intermediate CA under it, made with the openssl command (P-256
 * keys, valid two days), which sign the product's signing requests.
 */
final class TestCa {

    final Path root;
    final Path intermediate;
    private final Path directory;
    private final Path intermediateKey;
    private int signed;

    TestCa(Path directory) throws Exception {
        this.directory = directory;
        root = directory.resolve("root.pem");
        intermediate = directory.resolve("intermediate.pem");
        intermediateKey = directory.resolve("intermediate-key.pem");
        Path rootKey = directory.resolve("root-key.pem");
        Path intermediateCsr = directory.resolve("intermediate.csr");
        Path caExtensions = Files.writeString(directory.resolve("ca.ext"),
                "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");

        TestTls.runOk(directory, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj",
                "/CN=Sightline test root", "-keyout", rootKey.toString(), "-out", root.toString());
        TestTls.runOk(directory, "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=Sightline test intermediate",
                "-keyout", intermediateKey.toString(), "-out", intermediateCsr.toString());
        TestTls.runOk(directory, "openssl", "x509", "-req", "-in", intermediateCsr.toString(),
                "-CA", root.toString(), "-CAkey", rootKey.toString(), "-CAcreateserial",
                "-days", "2", "-extfile", caExtensions.toString(), "-out",
                intermediate.toString());
    }

    /** Signs a request with the intermediate, for {@code name}, whatever the request asks. */
    Path sign(Path csr, String name) throws Exception {
        signed++;
        Path extensions = Files.writeString(directory.resolve("site" + signed + ".ext"),
                "subjectAltName=DNS:" + name + "\nbasicConstraints=CA:FALSE\n"
                        + "extendedKeyUsage=serverAuth\n");
        Path certificate = directory.resolve("site" + signed + ".pem");
        TestTls.runOk(directory, "openssl", "x509", "-req", "-in", csr.toString(), "-CA",
                intermediate.toString(), "-CAkey", intermediateKey.toString(),
                "-CAcreateserial", "-days", "1", "-extfile", extensions.toString(), "-out",
                certificate.toString());
        return certificate;
    }
}
