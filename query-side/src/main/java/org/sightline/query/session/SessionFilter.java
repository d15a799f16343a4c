package org.sightline.query.session;

import java.time.Instant;

/**
 * What the session list is narrowed to; each part may be absent.
 *
 * @param from sessions started at or after this instant
 * @param to sessions started before this instant
 * @param visibility which sessions the caller reads at all
 */
public record SessionFilter(Instant from, Instant to, String rep, String customerIp,
        Visibility visibility) {
}
