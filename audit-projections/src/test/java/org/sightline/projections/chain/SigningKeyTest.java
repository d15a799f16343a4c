package org.sightline.projections.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {

    @TempDir
    Path directory;

    @Test
    void aNewKeyIsWrittenReadableByItsOwnerOnlyAndAnnouncedOnce() throws Exception {
        Path file = directory.resolve("key.pem");
        List<SigningKey> announced = new ArrayList<>();

        SigningKey made = SigningKey.readOrCreate(file, announced::add);
        SigningKey read = SigningKey.readOrCreate(file, announced::add);

        assertThat(announced).containsExactly(made);
        assertThat(read.publicKey().id()).isEqualTo(made.publicKey().id());
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                        PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void theDotPubFileVerifiesWhatTheKeySigns() {
        Path file = directory.resolve("key.pem");
        SigningKey key = SigningKey.readOrCreate(file, created -> { });
        byte[] message = "checkpoint".getBytes(StandardCharsets.UTF_8);

        SigningKey.PublicKey published = SigningKey.PublicKey.read(Path.of(file + ".pub"));

        assertThat(published.verifies(message, key.sign(message))).isTrue();
        assertThat(published.verifies("other".getBytes(StandardCharsets.UTF_8),
                key.sign(message))).isFalse();
    }

    @Test
    void openSslReadsBothFiles() throws Exception {
        Path file = directory.resolve("key.pem");
        SigningKey.readOrCreate(file, created -> { });

        assertThat(openssl("pkey", "-in", file.toString(), "-noout", "-text"))
                .contains("ED25519 Private-Key");
        assertThat(openssl("pkey", "-pubin", "-in", file + ".pub", "-noout", "-text"))
                .contains("ED25519 Public-Key");
    }

    private static String openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }
}
