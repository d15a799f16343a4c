package org.sightline.relay;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.crypto.AesGcm;

/**
 * A session's recording on disk: {@code DIR/LSID/segment-NNNNNN.rec} holds records of a
 * 4-byte big-endian length and a frame sealed with AES-256-GCM under the session's data key
 * (associated data {@code sightline recording v1|LSID|SEGMENT|RECORD}); beside it
 * {@code .idx} lists each key frame as {@code RECORD OFFSET SEQUENCE CAPTURED-MICROS}.
 */
final class RecordingFiles {

    private static final Pattern SEGMENT = Pattern.compile("segment-(\\d{6})\\.rec");

    private RecordingFiles() {
    }

    static Path records(Path directory, int segment) {
        return directory.resolve(String.format("segment-%06d.rec", segment));
    }

    static Path index(Path directory, int segment) {
        return directory.resolve(String.format("segment-%06d.idx", segment));
    }

    static String binding(Lsid lsid, int segment, int record) {
        return "sightline recording v1|" + lsid.value() + "|" + segment + "|" + record;
    }

    /** The numbers of the segments in {@code directory}, in order. */
    static List<Integer> segments(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> SEGMENT.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(match -> Integer.parseInt(match.group(1)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int nextSegment(Path directory) {
        List<Integer> existing = segments(directory);
        return existing.isEmpty() ? 1 : existing.get(existing.size() - 1) + 1;
    }

    /** A key frame a playback may start from. */
    record KeyFrame(int segment, int record, long offset, long sequence, long capturedMicros) {
    }

    /** The key frames a segment's index lists; none when it has no readable index. */
    static List<KeyFrame> keyFrames(Path directory, int segment) {
        List<KeyFrame> keys = new ArrayList<>();
        Path index = index(directory, segment);
        if (!Files.isRegularFile(index)) {
            return keys;
        }
        try {
            for (String line : Files.readAllLines(index)) {
                String[] f = line.split(" ");
                if (f.length != 4) {
                    return List.of();
                }
                keys.add(new KeyFrame(segment, Integer.parseInt(f[0]), Long.parseLong(f[1]),
                        Long.parseLong(f[2]), Long.parseLong(f[3])));
            }
        } catch (IOException | NumberFormatException e) {
            return List.of();
        }
        return keys;
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads the frames of {@code segment} from record {@code fromRecord} on, decrypted, and
     * hands each to {@code frames}. A record that does not open (changed, moved, or another
     * key) fails the read.
     */
    static void read(Path directory, Lsid lsid, SecretKey key, int segment, int fromRecord,
            long fromOffset, Consumer<Frame> frames, int most) {
        try (InputStream file = Files.newInputStream(records(directory, segment));
                DataInputStream in = new DataInputStream(new BufferedInputStream(file, 1 << 16))) {
            in.skipNBytes(fromOffset);
            // Counted, not compared with fromRecord + most: that sum overflows for "all".
            for (int read = 0, record = fromRecord; read < most; read++, record++) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    return;
                }
                if (length < AesGcm.NONCE_BYTES + 16 || length > 64 << 20) {
                    throw new IllegalStateException("record " + record + " of segment "
                            + segment + " has an impossible length");
                }
                byte[] sealed = in.readNBytes(length);
                frames.accept(Frame.parse(AesGcm.open(key, sealed,
                        binding(lsid, segment, record))));
            }
        } catch (AesGcm.Tampered e) {
            throw new IllegalStateException("a record of segment " + segment
                    + " does not open: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
