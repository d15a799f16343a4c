package org.sightline.projections.chain;

import java.util.HexFormat;

/**
 * Something the verifier found wrong, and where.
 *
 * @param lsid the stream, or absent for a checkpoint that fails on its own
 * @param seq the event's sequence number, or the checkpoint's id for
 *     {@link Kind#CHECKPOINT_FORGED}
 * @param expected the hash the record holds (a link or a signed head); absent if none
 * @param found the hash recomputed from the rows; absent if there is nothing to hash
 */
public record Finding(Kind kind, String lsid, long seq, byte[] expected, byte[] found,
        String detail) {

    /** What the tampering looks like. */
    public enum Kind {
        /** An event's content no longer gives its link. */
        CHANGED,
        /** An event the chain or a checkpoint records is gone. */
        DELETED,
        /** An event is in the store that the chain never linked. */
        INSERTED,
        /** An event sits under another event's sequence number. */
        REORDERED,
        /** A checkpoint's signature, root or predecessor does not verify, or one is missing. */
        CHECKPOINT_FORGED
    }

    /** One line for people: what, where, expected and found hashes. */
    public String describe() {
        String where = kind == Kind.CHECKPOINT_FORGED && lsid == null
                ? "checkpoint " + seq
                : "LSID " + lsid + " seq " + seq;
        return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " at " + where
                + ": " + detail
                + (expected == null ? "" : "; expected " + hex(expected))
                + (found == null ? "" : "; found " + hex(found));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
