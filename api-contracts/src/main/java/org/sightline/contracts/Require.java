package org.sightline.contracts;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Checks shared by the compact constructors of messages; each names the rule it enforces. */
public final class Require {

    /** The longest name (customer, company, file) in characters. */
    public static final int MAX_NAME_CHARS = 256;

    /** The longest free text (chat line, note, problem description) in UTF-8 bytes: 8 KiB. */
    public static final int MAX_TEXT_BYTES = 8 * 1024;

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private Require() {
    }

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    /**
     * A name: present, not blank, at most {@link #MAX_NAME_CHARS} characters, valid Unicode
     * without control characters (no line breaks either).
     */
    public static String name(String value, String field) {
        present(value, field);
        wellFormed(value, field, false);
        if (blank(value)) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        if (value.codePointCount(0, value.length()) > MAX_NAME_CHARS) {
            throw new IllegalArgumentException(
                    field + " is longer than " + MAX_NAME_CHARS + " characters");
        }
        return value;
    }

    /** An optional name: absent, or a valid {@link #name}. */
    public static String optionalName(String value, String field) {
        return value == null ? null : name(value, field);
    }

    /**
     * Free text: present, not blank, at most {@link #MAX_TEXT_BYTES} bytes of UTF-8, valid
     * Unicode without control characters other than tab and line breaks.
     */
    public static String text(String value, String field) {
        present(value, field);
        wellFormed(value, field, true);
        if (blank(value)) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException(
                    field + " is longer than " + MAX_TEXT_BYTES + " bytes of UTF-8");
        }
        return value;
    }

    /**
     * Refuses lone surrogates (text that is not Unicode, and that UTF-8 cannot carry) and
     * control characters: NUL cannot be stored at all, and the others forge log layout.
     */
    private static void wellFormed(String value, String field, boolean lineBreaksAllowed) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(field + " is not valid Unicode text");
            } else if (Character.isISOControl(c)
                    && !(lineBreaksAllowed && (c == '\n' || c == '\r' || c == '\t'))) {
                throw new IllegalArgumentException(field + " must not hold control characters"
                        + (lineBreaksAllowed ? " other than tab and line breaks" : ""));
            }
        }
    }

    /** Blank: nothing but white space, no-break spaces and invisible formatting characters. */
    private static boolean blank(String value) {
        return value.codePoints().allMatch(c -> Character.isWhitespace(c)
                || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT);
    }

    /** An identifier: 1 to 64 of letters, digits and {@code . _ @ -}, starting alphanumeric. */
    /** Whether a value is an identifier as {@link #identifier} requires one. */
    public static boolean isIdentifier(String value) {
        return value != null && IDENTIFIER.matcher(value).matches();
    }

    public static String identifier(String value, String field) {
        present(value, field);
        if (!IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException(field
                    + " is 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter"
                    + " or digit");
        }
        return value;
    }

    /**
     * An IP address literal, version 4 or 6. Only the form is checked: no name is ever
     * looked up.
     */
    public static String ipAddress(String value, String field) {
        present(value, field);
        boolean v4 = IPV4.matcher(value).matches();
        boolean v6 = value.indexOf(':') >= 0 && IPV6.matcher(value).matches()
                && isIpv6Literal(value);
        if (!v4 && !v6) {
            throw new IllegalArgumentException(field + " must be an IPv4 or IPv6 address");
        }
        return value;
    }

    /** An optional IP address literal. */
    public static String optionalIpAddress(String value, String field) {
        return value == null ? null : ipAddress(value, field);
    }

    /** A SHA-256 digest: 64 lowercase hexadecimal digits. */
    public static String sha256(String value, String field) {
        present(value, field);
        if (!SHA256.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    field + " is a SHA-256 digest: 64 lowercase hexadecimal digits");
        }
        return value;
    }

    private static boolean isIpv6Literal(String value) {
        try {
            // In brackets, a string is parsed as an IPv6 literal and never resolved as a name.
            return InetAddress.getByName("[" + value + "]") != null;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
