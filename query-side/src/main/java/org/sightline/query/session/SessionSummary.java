package org.sightline.query.session;

import java.time.Instant;
import java.util.List;

/**
 * One support session as the session list shows it.
 *
 * @param endedAt absent while the session runs
 * @param reps every rep who took part, in order of arrival
 * @param owner the rep who owns the session now; absent while it waits in its queue
 * @param customerName absent (with {@code company}) once the content expired
 * @param legalHold whether a legal hold keeps the content from expiring
 * @param contentExpiredAt when the content expired; absent while it is kept
 */
public record SessionSummary(
        String lsid,
        String queue,
        String customerName,
        String company,
        String customerIp,
        String privateIp,
        String clientKind,
        Instant startedAt,
        Instant endedAt,
        List<String> reps,
        String owner,
        boolean legalHold,
        Instant contentExpiredAt) {
}
