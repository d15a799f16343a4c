package org.sightline.relay;

import java.nio.ByteBuffer;

/**
 * One relay frame, as it travels in a binary WebSocket message: a 20-byte header, then the
 * payload.
 *
 * <pre>
 * byte 0      version, 1
 * byte 1      kind ({@link FrameKind})
 * bytes 2-3   0 (reserved)
 * bytes 4-11  sequence number, big-endian, set by the sender, rising
 * bytes 12-19 capture time, microseconds since 1970-01-01T00:00:00Z, big-endian
 * bytes 20-   payload
 * </pre>
 *
 * The frame keeps the bytes it was read from, so relaying and recording it copies nothing.
 */
public record Frame(FrameKind kind, long sequence, long capturedAtMicros, byte[] bytes) {

    public static final int HEADER = 20;
    public static final int VERSION = 1;

    /** A frame from a message's bytes; fails with the rule it breaks. */
    public static Frame parse(byte[] bytes) {
        if (bytes.length < HEADER) {
            throw new IllegalArgumentException("a frame has a " + HEADER + "-byte header");
        }
        ByteBuffer header = ByteBuffer.wrap(bytes);
        if (header.get(0) != VERSION || header.get(2) != 0 || header.get(3) != 0) {
            throw new IllegalArgumentException("a frame of version " + VERSION + " was expected");
        }
        return new Frame(FrameKind.of(header.get(1)), header.getLong(4), header.getLong(12),
                bytes);
    }

    /** A new frame with this header and payload. */
    public static Frame of(FrameKind kind, long sequence, long capturedAtMicros, byte[] payload) {
        byte[] bytes = ByteBuffer.allocate(HEADER + payload.length)
                .put((byte) VERSION).put((byte) kind.code()).put((byte) 0).put((byte) 0)
                .putLong(sequence).putLong(capturedAtMicros).put(payload).array();
        return new Frame(kind, sequence, capturedAtMicros, bytes);
    }

    public int size() {
        return bytes.length;
    }

    public byte[] payload() {
        byte[] payload = new byte[bytes.length - HEADER];
        System.arraycopy(bytes, HEADER, payload, 0, payload.length);
        return payload;
    }
}
