package org.sightline.query.session;

import java.time.Instant;

/**
 * Whether a session's hash chain verified when last checked, and which signed checkpoint
 * covers it.
 *
 * @param state {@code verified}, {@code failed}, or {@code unchecked} before the first check
 * @param checkpointId the newest checkpoint covering the session; absent if none yet
 * @param problem what failed, for state {@code failed}
 */
public record ChainStatus(String lsid, String state, Long headSeq, Long checkpointId,
        String problem, Instant checkedAt) {

    static ChainStatus unchecked(String lsid) {
        return new ChainStatus(lsid, "unchecked", null, null, null, null);
    }
}
