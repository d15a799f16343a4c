package org.sightline.contracts.audit;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.Require;

/**
 * Sightline's own verification found a stream whose hash chain or checkpoints do not verify:
 * the record was changed outside Sightline. Recorded once when a stream's outcome turns to
 * this failure, not at every later check that finds it again.
 *
 * @param lsid always {@link Lsid#VERIFICATIONS}
 * @param stream the LSID of the stream that does not verify
 * @param kind what it looks like: {@code changed}, {@code deleted}, {@code inserted},
 *     {@code reordered} or {@code checkpoint forged}
 * @param seq the sequence number of the first event that does not verify, or the
 *     checkpoint's number for a forged checkpoint
 * @param problem one line for people, with the expected and found hashes
 */
public record ChainVerificationFailed(
        Lsid lsid,
        String stream,
        String kind,
        long seq,
        String problem) implements AuditEvent {

    public ChainVerificationFailed {
        Require.present(lsid, "lsid");
        Require.present(stream, "stream");
    }
}
