package org.sightline.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The identifier of a representative (an account's user name): 1 to 64 letters, digits,
 * {@code . _ @ -}.
 */
public record RepId(String value) {

    public RepId {
        Require.identifier(value, "rep");
    }

    @JsonCreator
    public static RepId of(String value) {
        return new RepId(value);
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
