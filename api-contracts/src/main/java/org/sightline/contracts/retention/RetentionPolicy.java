package org.sightline.contracts.retention;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * The setting {@code retention.session-logs}: how long a session's content (its encrypted
 * fields and the log rows made from them) is kept after the session ends. An ISO-8601
 * duration of days, hours, minutes or seconds such as {@code P90D}; empty means the default.
 */
public final class RetentionPolicy {

    public static final String SETTING = "retention.session-logs";
    public static final Duration DEFAULT = Duration.ofDays(90);
    /** Ten years: a longer value is a typo more often than a policy. */
    public static final Duration LONGEST = Duration.ofDays(3650);

    private RetentionPolicy() {
    }

    /** The policy a setting's value gives; fails with the rule for a value that breaks it. */
    public static Duration parse(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT;
        }
        Duration policy;
        try {
            policy = Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(SETTING + " is an ISO-8601 duration such as P90D"
                    + " or PT36H (months and years have no fixed length, so they are not"
                    + " accepted)");
        }
        if (policy.isNegative() || policy.isZero() || policy.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(SETTING + " is longer than zero and at most "
                    + LONGEST.toDays() + " days");
        }
        return policy;
    }
}
