package org.sightline.query.session;

import java.time.Instant;

/**
 * What the session list is narrowed to; each part may be absent.
 *
 * @param from sessions started at or after this instant
 * @param to sessions started before this instant
 * @param visibleTo when present, only sessions this rep took part in
 */
public record SessionFilter(Instant from, Instant to, String rep, String customerIp,
        String visibleTo) {
}
