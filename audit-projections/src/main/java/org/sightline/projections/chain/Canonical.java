package org.sightline.projections.chain;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The canonical bytes that Sightline hashes and signs, version 1, exactly as
 * {@code docs/audit-format.md} writes them down (and as the database's chain trigger
 * computes them).
 *
 * <p>A field is a 4-byte big-endian length followed by its bytes (text as UTF-8), or
 * {@code FF FF FF FF} for an absent value; integers are big-endian two's complement.
 */
public final class Canonical {

    /** The link before a stream's first event: 32 zero bytes. */
    public static final byte[] GENESIS = new byte[32];

    private static final byte[] EVENT_TAG = "sightline-event-v1".getBytes(StandardCharsets.UTF_8);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    private Canonical(String tag) {
        out.writeBytes(tag.getBytes(StandardCharsets.UTF_8));
    }

    /** The canonical bytes of one stored event. */
    public static byte[] event(StoredEvent e) {
        return new Canonical("sightline-event-v1")
                .field(e.lsid())
                .int64(e.seq())
                .field(e.eventIdentifier())
                .field(e.aggregateType())
                .field(e.payloadType())
                .field(e.payloadRevision())
                .field(e.timestamp())
                .field(e.payload())
                .field(e.metadata())
                .bytes();
    }

    /** The link of an event: SHA-256 of the link before it and its canonical bytes. */
    public static byte[] link(byte[] previous, StoredEvent event) {
        return link(sha256(), previous, event);
    }

    /**
     * The same link, hashed straight into {@code sha} (reset first) without building the
     * canonical bytes: the verifier's hot path.
     */
    public static byte[] link(MessageDigest sha, byte[] previous, StoredEvent e) {
        sha.reset();
        sha.update(previous);
        sha.update(EVENT_TAG);
        digestField(sha, e.lsid());
        sha.update(ByteBuffer.allocate(8).putLong(e.seq()).array());
        digestField(sha, e.eventIdentifier());
        digestField(sha, e.aggregateType());
        digestField(sha, e.payloadType());
        digestField(sha, e.payloadRevision());
        digestField(sha, e.timestamp());
        digestField(sha, e.payload());
        digestField(sha, e.metadata());
        return sha.digest();
    }

    private static void digestField(MessageDigest sha, String value) {
        digestField(sha, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static void digestField(MessageDigest sha, byte[] value) {
        int length = value == null ? -1 : value.length;
        sha.update((byte) (length >>> 24));
        sha.update((byte) (length >>> 16));
        sha.update((byte) (length >>> 8));
        sha.update((byte) length);
        if (value != null) {
            sha.update(value);
        }
    }

    /** The bytes a checkpoint's signature covers. */
    public static byte[] checkpoint(long id, String createdAt, int leafCount, byte[] merkleRoot,
            byte[] previousDigest, String keyId) {
        return new Canonical("sightline-checkpoint-v1")
                .int64(id)
                .field(createdAt)
                .int32(leafCount)
                .field(merkleRoot)
                .field(previousDigest)
                .field(keyId)
                .bytes();
    }

    /** The bytes of one Merkle leaf: a stream's head. */
    public static byte[] leaf(String lsid, long seq, byte[] hash) {
        Canonical leaf = new Canonical("");
        return leaf.field(lsid).int64(seq).field(hash).bytes();
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM offers no SHA-256", e);
        }
    }

    private Canonical field(String value) {
        return field(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private Canonical field(byte[] value) {
        if (value == null) {
            return int32(-1);
        }
        int32(value.length);
        out.writeBytes(value);
        return this;
    }

    private Canonical int32(int value) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(value).array());
        return this;
    }

    private Canonical int64(long value) {
        out.writeBytes(ByteBuffer.allocate(8).putLong(value).array());
        return this;
    }

    private byte[] bytes() {
        return out.toByteArray();
    }
}
