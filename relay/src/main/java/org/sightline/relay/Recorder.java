package org.sightline.relay;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Consumer;
import javax.crypto.SecretKey;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.crypto.AesGcm;
import org.sightline.contracts.relay.StoreRecordingSegment;

/**
 * Appends one session's screen frames to its recording as they arrive: segment files of
 * sealed records ({@link RecordingFiles} reads them), each with an index of its key frames. A
 * segment is sealed when it has grown past its size and the next key frame starts a new one,
 * and when the publisher goes; each sealed segment is reported with its size and SHA-256.
 *
 * <p>One thread at a time: the publisher's frames arrive in order on one connection.
 */
final class Recorder implements AutoCloseable {

    private final Path directory;
    private final Lsid lsid;
    private final SecretKey key;
    private final long segmentBytes;
    private final Consumer<StoreRecordingSegment> sealed;

    private Segment current;

    Recorder(Path directory, Lsid lsid, SecretKey key, long segmentBytes,
            Consumer<StoreRecordingSegment> sealed) {
        this.directory = directory;
        this.lsid = lsid;
        this.key = key;
        this.segmentBytes = segmentBytes;
        this.sealed = sealed;
    }

    /** Records a screen frame; deltas before the first key frame cannot be played: skipped. */
    void append(Frame frame) {
        if (!frame.kind().isScreen()) {
            return;
        }
        try {
            if (frame.kind() == FrameKind.SCREEN_KEY
                    && (current == null || current.bytes >= segmentBytes)) {
                sealCurrent();
                current = new Segment(RecordingFiles.nextSegment(directory));
            }
            if (current != null) {
                current.append(frame);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the recording of " + lsid, e);
        }
    }

    @Override
    public void close() {
        try {
            sealCurrent();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot seal the recording of " + lsid, e);
        }
    }

    private void sealCurrent() throws IOException {
        if (current == null) {
            return;
        }
        Segment done = current;
        current = null;
        done.close();
        sealed.accept(new StoreRecordingSegment(lsid, done.number, done.firstSequence,
                done.lastSequence, done.frames, micros(done.firstCaptured),
                micros(done.lastCaptured), done.bytes,
                HexFormat.of().formatHex(done.digest.digest())));
    }

    private static Instant micros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000),
                Math.floorMod(micros, 1_000_000) * 1000L);
    }

    private final class Segment {

        final int number;
        final MessageDigest digest;
        final OutputStream records;
        final Writer index;
        long bytes;
        int frames;
        long firstSequence;
        long lastSequence;
        long firstCaptured;
        long lastCaptured;

        Segment(int number) throws IOException {
            this.number = number;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
            Files.createDirectories(directory);
            this.records = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(
                    RecordingFiles.records(directory, number), StandardOpenOption.CREATE_NEW),
                    1 << 16), digest);
            this.index = Files.newBufferedWriter(RecordingFiles.index(directory, number),
                    StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
        }

        void append(Frame frame) throws IOException {
            byte[] sealedFrame = AesGcm.seal(key, frame.bytes(),
                    RecordingFiles.binding(lsid, number, frames));
            if (frame.kind() == FrameKind.SCREEN_KEY) {
                index.write(frames + " " + bytes + " " + frame.sequence() + " "
                        + frame.capturedAtMicros() + "\n");
            }
            records.write(ByteBuffer.allocate(4).putInt(sealedFrame.length).array());
            records.write(sealedFrame);
            if (frames == 0) {
                firstSequence = frame.sequence();
                firstCaptured = frame.capturedAtMicros();
            }
            lastSequence = frame.sequence();
            lastCaptured = frame.capturedAtMicros();
            frames++;
            bytes += 4L + sealedFrame.length;
        }

        void close() throws IOException {
            records.close();
            index.close();
        }
    }
}
