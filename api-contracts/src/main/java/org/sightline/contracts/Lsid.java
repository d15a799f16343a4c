package org.sightline.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The identifier of a session: 32 lowercase hexadecimal digits, a random UUID without dashes.
 *
 * <p>A support session keeps one LSID for its whole life; a console login opens a console
 * session with an LSID of its own. Every event Sightline stores carries one.
 */
public record Lsid(String value) {

    private static final Pattern FORM = Pattern.compile("[0-9a-f]{32}");

    /**
     * The stream of the site configuration. A random LSID never equals it: a version 4 UUID
     * has the digit 4 where this one has 0.
     */
    public static final Lsid SITE = new Lsid("0".repeat(32));

    /** The stream of signed checkpoints; like {@link #SITE}, never a random LSID. */
    public static final Lsid CHECKPOINTS = new Lsid("0".repeat(31) + "1");

    /**
     * The stream of chain verifications that failed; like {@link #SITE}, never a random LSID.
     * Unlike the checkpoint stream, checkpoints cover it.
     */
    public static final Lsid VERIFICATIONS = new Lsid("0".repeat(31) + "2");

    public Lsid {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "an LSID is exactly 32 lowercase hexadecimal digits (0-9, a-f)");
        }
    }

    /** A new LSID from a random (version 4) UUID. */
    public static Lsid random() {
        return new Lsid(UUID.randomUUID().toString().replace("-", ""));
    }

    /** Parses an LSID, rejecting anything but 32 lowercase hexadecimal digits. */
    @JsonCreator
    public static Lsid parse(String text) {
        return new Lsid(text);
    }

    @Override
    @JsonValue
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
