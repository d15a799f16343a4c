package org.sightline.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

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

    /** Teams as stored in a column: their names in order, separated by commas. */
    public static String join(Set<TeamId> teams) {
        return teams.stream().map(TeamId::value).collect(Collectors.toCollection(TreeSet::new))
                .stream().collect(Collectors.joining(","));
    }

    /** The teams {@link #join} wrote; empty for an empty or absent column. */
    public static Set<TeamId> split(String stored) {
        if (stored == null || stored.isEmpty()) {
            return Set.of();
        }
        return Arrays.stream(stored.split(",")).map(TeamId::of).collect(Collectors.toSet());
    }
}
