package org.sightline.command.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {

    @TempDir
    Path directory;

    @Test
    void aMissingKeyFileIsMadeForItsOwnerAloneAndReadBackTheSame() throws Exception {
        Path file = directory.resolve("keys/master.key");

        MasterKey made = MasterKey.readOrCreate(file);
        MasterKey again = MasterKey.readOrCreate(file);

        assertThat(again.id()).isEqualTo(made.id()).hasSize(16);
        assertThat(again.secretKey().getEncoded()).isEqualTo(made.secretKey().getEncoded());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
    }

    @Test
    void aKeyFileOfTheWrongLengthIsRefusedWithTheRule() throws Exception {
        Path file = directory.resolve("short.key");
        Files.writeString(file, Base64.getEncoder().encodeToString(new byte[16]));

        assertThatThrownBy(() -> MasterKey.read(file))
                .hasMessageContaining("does not hold 32 bytes in Base64, but 16");
    }

    @Test
    void theKeyCanComeFromAPkcs12Keystore() throws Exception {
        byte[] raw = new byte[32];
        raw[0] = 7;
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "keystore-password".toCharArray();
        store.setEntry("sightline-master", new KeyStore.SecretKeyEntry(
                new SecretKeySpec(raw, "AES")), new KeyStore.PasswordProtection(password));
        Path file = directory.resolve("master.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }

        MasterKey key = MasterKey.fromKeyStore(file, password, "sightline-master");

        assertThat(key.secretKey().getEncoded()).isEqualTo(raw);
        assertThatThrownBy(() -> MasterKey.fromKeyStore(file, password, "other"))
                .hasMessageContaining("holds no secret key named other");
    }
}
