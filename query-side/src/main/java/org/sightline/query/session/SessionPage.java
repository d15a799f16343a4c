package org.sightline.query.session;

import java.util.List;

/** One page of the session list, newest first; {@code total} counts every match. */
public record SessionPage(List<SessionSummary> items, int page, int size, long total) {
}
