package org.sightline.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The identifier of a team of representatives: 1 to 64 letters, digits, {@code . _ @ -}. */
public record TeamId(String value) {

    public TeamId {
        Require.identifier(value, "team");
    }

    @JsonCreator
    public static TeamId of(String value) {
        return new TeamId(value);
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
