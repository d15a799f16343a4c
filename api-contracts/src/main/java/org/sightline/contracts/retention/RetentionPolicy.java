package org.sightline.contracts.retention;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The setting {@code retention.session-logs}: how long a session's content (its encrypted
 * fields and the log rows made from them) is kept after the session ends. An ISO-8601
 * duration of days, hours, minutes or seconds such as {@code P90D}; empty means the default.
 */
public final class RetentionPolicy {

    public static final String SETTING = "retention.session-logs";
    /** A shorter policy for recordings alone; unset: they go with the rest of the content. */
    public static final String RECORDINGS = "retention.recordings";
    /** The most bytes all kept recordings may take; oldest ended first beyond it. */
    public static final String RECORDINGS_BUDGET = "retention.recordings-budget";
    public static final Duration DEFAULT = Duration.ofDays(90);
    /** Ten years: a longer value is a typo more often than a policy. */
    public static final Duration LONGEST = Duration.ofDays(3650);

    private static final Pattern BUDGET = Pattern.compile("([0-9]{1,15})([KMGT]?)");

    private RetentionPolicy() {
    }

    /** The policy a setting's value gives; fails with the rule for a value that breaks it. */
    public static Duration parse(String value) {
        return parse(SETTING, value, DEFAULT);
    }

    /** The recordings policy a value gives; null (none of its own) when empty. */
    public static Duration parseRecordings(String value) {
        return parse(RECORDINGS, value, null);
    }

    /** The recordings budget in bytes: digits, optionally ending in K, M, G or T (powers of 1024). */
    public static Long parseBudget(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        Matcher number = BUDGET.matcher(value);
        if (!number.matches()) {
            throw new IllegalArgumentException(RECORDINGS_BUDGET + " is a number of bytes,"
                    + " optionally ending in K, M, G or T, such as 500G");
        }
        int shift = switch (number.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        long bytes = Long.parseLong(number.group(1));
        if (bytes == 0 || bytes > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException(RECORDINGS_BUDGET + " is more than zero and"
                    + " less than 8 exbibytes");
        }
        return bytes << shift;
    }

    private static Duration parse(String setting, String value, Duration fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        if (value.length() > 32) {
            throw new IllegalArgumentException(setting + " is at most 32 characters, such as"
                    + " P90D or PT36H");
        }
        Duration policy;
        try {
            policy = Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(setting + " is an ISO-8601 duration such as P90D"
                    + " or PT36H (months and years have no fixed length, so they are not"
                    + " accepted)");
        }
        if (policy.isNegative() || policy.isZero() || policy.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(setting + " is longer than zero and at most "
                    + LONGEST.toDays() + " days");
        }
        return policy;
    }
}
