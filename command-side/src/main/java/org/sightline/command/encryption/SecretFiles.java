package org.sightline.command.encryption;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Secret keys kept in files: random bytes in Base64 on one line, readable by their owner only.
 * Several nodes starting at once on a shared file agree on one key.
 */
public final class SecretFiles {

    private SecretFiles() {
    }

    /**
     * The bytes in {@code file}; when it does not exist, {@code length} random bytes are put
     * there first and {@code created} is told, so it can say so.
     */
    public static byte[] readOrCreate(Path file, int length, Runnable created) {
        try {
            if (!Files.exists(file) && create(file, length)) {
                created.run();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the key file " + file, e);
        }
        return read(file, length);
    }

    /** The bytes in {@code file}, which must exist and hold exactly {@code length}. */
    public static byte[] read(Path file, int length) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(
                    Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key file " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the key file " + file + " does not hold " + length
                    + " bytes in Base64: " + e.getMessage(), e);
        }
        if (raw.length != length) {
            throw new IllegalStateException("the key file " + file + " does not hold " + length
                    + " bytes in Base64, but " + raw.length);
        }
        return raw;
    }

    private static boolean create(Path file, int length) throws IOException {
        byte[] raw = new byte[length];
        new SecureRandom().nextBytes(raw);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, ".key", ".tmp");
        try {
            if (Files.getFileStore(temporary).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temporary,
                        PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(temporary, Base64.getEncoder().encodeToString(raw) + "\n",
                    StandardCharsets.US_ASCII);
            Files.move(temporary, file);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false; // another node made it first; use theirs
        } finally {
            Arrays.fill(raw, (byte) 0);
            Files.deleteIfExists(temporary);
        }
    }
}
