package org.sightline.contracts.audit;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.Require;

/**
 * A checkpoint was signed: everything needed to check its signature, so that a copy kept
 * outside the database (the syslog feed) can be compared with the checkpoint table.
 * Byte values are lowercase hexadecimal; {@code docs/audit-format.md} defines them.
 *
 * @param lsid always {@link Lsid#CHECKPOINTS}
 * @param streams how many stream heads the checkpoint covers
 */
public record CheckpointSigned(
        Lsid lsid,
        long checkpointId,
        String createdAt,
        int streams,
        String merkleRoot,
        String previousDigest,
        String keyId,
        String signature) implements AuditEvent {

    public CheckpointSigned {
        Require.present(lsid, "lsid");
    }
}
