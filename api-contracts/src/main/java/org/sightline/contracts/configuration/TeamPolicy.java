package org.sightline.contracts.configuration;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.sightline.contracts.TeamId;
import org.sightline.contracts.session.PermissionKind;

/**
 * What a team's reps may do in the team's sessions (those of the queue named like the team),
 * from two settings each admin change of which is a configuration event:
 *
 * <ul>
 *   <li>{@code teams.TEAM.permissions}: the permission kinds a rep may request, separated by
 *       commas ({@code none} for none). Unset: every kind. Leaving out {@code CONTROL},
 *       {@code FILE_TRANSFER} or {@code SYSTEM_INFORMATION} forbids taking control, moving
 *       files or reading system information.
 *   <li>{@code teams.TEAM.prompt}: the kinds that need the customer's answer. Unset: every
 *       kind. A kind the team may request but that is not listed here is granted at once, and
 *       the log says the policy granted it.
 * </ul>
 */
public record TeamPolicy(Set<PermissionKind> permitted, Set<PermissionKind> prompted) {

    public static final String PREFIX = "teams.";
    public static final String PERMISSIONS = ".permissions";
    public static final String PROMPT = ".prompt";

    public TeamPolicy {
        permitted = Set.copyOf(permitted);
        prompted = Set.copyOf(prompted);
    }

    /** Every kind permitted, every kind prompted: a team nobody configured. */
    public static TeamPolicy defaults() {
        return new TeamPolicy(EnumSet.allOf(PermissionKind.class),
                EnumSet.allOf(PermissionKind.class));
    }

    /**
     * Both policies at once: what both permit, prompted where either prompts. A session that
     * moved between queues is held to every queue it was in, so moving it never loosens what
     * reps may do.
     */
    public TeamPolicy and(TeamPolicy other) {
        Set<PermissionKind> both = EnumSet.noneOf(PermissionKind.class);
        both.addAll(permitted);
        both.retainAll(other.permitted);
        Set<PermissionKind> either = EnumSet.noneOf(PermissionKind.class);
        either.addAll(prompted);
        either.addAll(other.prompted);
        return new TeamPolicy(both, either);
    }

    public boolean permits(PermissionKind kind) {
        return permitted.contains(kind);
    }

    /** Whether the customer is asked; a kind not prompted for is granted by the policy. */
    public boolean prompts(PermissionKind kind) {
        return prompted.contains(kind);
    }

    public static String permissionsSetting(TeamId team) {
        return PREFIX + team.value() + PERMISSIONS;
    }

    public static String promptSetting(TeamId team) {
        return PREFIX + team.value() + PROMPT;
    }

    /** The team a setting is about, if it is one of the two team settings. */
    public static Optional<TeamId> teamOf(String setting) {
        if (!setting.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = setting.substring(PREFIX.length());
        for (String suffix : new String[] {PERMISSIONS, PROMPT}) {
            if (rest.endsWith(suffix) && rest.length() > suffix.length()) {
                return Optional.of(TeamId.of(rest.substring(0, rest.length() - suffix.length())));
            }
        }
        return Optional.empty();
    }

    /**
     * The kinds a value names: kind names separated by commas, any case, or {@code none}.
     * Unset (null) means every kind. Fails with the rule the value breaks.
     */
    public static Set<PermissionKind> parseKinds(String value) {
        if (value == null) {
            return EnumSet.allOf(PermissionKind.class);
        }
        if (value.trim().equalsIgnoreCase("none")) {
            return EnumSet.noneOf(PermissionKind.class);
        }
        Set<PermissionKind> kinds = EnumSet.noneOf(PermissionKind.class);
        for (String part : value.split(",", -1)) {
            PermissionKind kind = kind(part.trim());
            if (!kinds.add(kind)) {
                throw new IllegalArgumentException("the kinds name " + kind + " twice");
            }
        }
        return kinds;
    }

    private static PermissionKind kind(String name) {
        try {
            return PermissionKind.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "' is no permission kind; the"
                    + " kinds are " + EnumSet.allOf(PermissionKind.class)
                    + ", separated by commas, or none");
        }
    }
}
