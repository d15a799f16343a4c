package org.sightline.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The identifier of a support queue: 1 to 64 letters, digits, {@code . _ @ -}. */
public record QueueId(String value) {

    public QueueId {
        Require.identifier(value, "queue");
    }

    @JsonCreator
    public static QueueId of(String value) {
        return new QueueId(value);
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
