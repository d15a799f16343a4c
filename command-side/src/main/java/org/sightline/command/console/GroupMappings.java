package org.sightline.command.console;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.sightline.contracts.TeamId;
import org.sightline.contracts.console.AccountRole;

/**
 * Directory groups mapped to a console role and teams, read from one setting such as
 * {@code support-tier2=REP:tier2,tier2b; sightline-admins=ADMIN; auditors=AUDITOR}.
 *
 * <p>Entries are separated by {@code ;}, each {@code GROUP=ROLE} optionally followed by
 * {@code :TEAM,TEAM...}. Spaces around the parts are ignored, and so are empty entries (a
 * trailing {@code ;}). Group names match ignoring case, as LDAP compares {@code cn}; a group
 * may be named once. Roles are {@code ADMIN}, {@code REP} or {@code AUDITOR} in any case.
 *
 * <p>A user in several mapped groups gets the role of the <em>first</em> matching entry in
 * the configured order, and the teams of every matching entry that names that same role.
 * The order is the operator's to choose: list the more privileged groups first if they
 * should win. Entries with another role add nothing, so membership of an auditors group
 * never widens a representative's teams.
 */
final class GroupMappings {

    private record Mapping(String group, AccountRole role, Set<TeamId> teams) {
    }

    /** The role and teams one user's groups map to. */
    record Grant(AccountRole role, Set<TeamId> teams) {
    }

    private final List<Mapping> mappings;

    private GroupMappings(List<Mapping> mappings) {
        this.mappings = List.copyOf(mappings);
    }

    /**
     * Parses the setting; an empty or blank text yields no mappings.
     *
     * @throws IllegalArgumentException naming the setting and the entry that is malformed
     */
    static GroupMappings parse(String setting, String text) {
        List<Mapping> mappings = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String entry : text == null ? new String[0] : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            Mapping mapping = entry(setting, entry.strip());
            if (!seen.add(key(mapping.group()))) {
                throw malformed(setting, entry, "the group is mapped twice");
            }
            mappings.add(mapping);
        }
        return new GroupMappings(mappings);
    }

    boolean isEmpty() {
        return mappings.isEmpty();
    }

    int size() {
        return mappings.size();
    }

    /** The grant for a user in these groups, or empty when none of them is mapped. */
    Optional<Grant> grant(Set<String> groups) {
        Set<String> keys = new LinkedHashSet<>();
        groups.forEach(group -> keys.add(key(group)));
        List<Mapping> matching = mappings.stream()
                .filter(mapping -> keys.contains(key(mapping.group())))
                .toList();
        if (matching.isEmpty()) {
            return Optional.empty();
        }

        AccountRole role = matching.get(0).role();
        Set<TeamId> teams = new LinkedHashSet<>();
        matching.stream()
                .filter(mapping -> mapping.role() == role)
                .forEach(mapping -> teams.addAll(mapping.teams()));
        return Optional.of(new Grant(role, Set.copyOf(teams)));
    }

    private static Mapping entry(String setting, String entry) {
        int equals = entry.indexOf('=');
        if (equals < 0) {
            throw malformed(setting, entry, "it has no '='");
        }
        String group = entry.substring(0, equals).strip();
        String rest = entry.substring(equals + 1).strip();
        if (group.isEmpty()) {
            throw malformed(setting, entry, "the group name is empty");
        }
        int colon = rest.indexOf(':');
        String roleName = (colon < 0 ? rest : rest.substring(0, colon)).strip();
        AccountRole role = role(setting, entry, roleName);
        Set<TeamId> teams = new LinkedHashSet<>();
        if (colon >= 0) {
            for (String team : rest.substring(colon + 1).split(",", -1)) {
                teams.add(team(setting, entry, team.strip()));
            }
        }
        return new Mapping(group, role, Set.copyOf(teams));
    }

    private static AccountRole role(String setting, String entry, String name) {
        for (AccountRole role : AccountRole.values()) {
            if (role.name().equalsIgnoreCase(name)) {
                return role;
            }
        }
        throw malformed(setting, entry, "'" + name + "' is not a role (ADMIN, REP, AUDITOR)");
    }

    private static TeamId team(String setting, String entry, String name) {
        try {
            return new TeamId(name);
        } catch (IllegalArgumentException e) {
            throw malformed(setting, entry, "'" + name + "' is not a team: " + e.getMessage());
        }
    }

    private static String key(String group) {
        return group.toLowerCase(Locale.ROOT);
    }

    private static IllegalArgumentException malformed(String setting, String entry, String why) {
        return new IllegalArgumentException(setting + ": entry '" + entry.strip()
                + "' is malformed: " + why + "; expected GROUP=ROLE or GROUP=ROLE:TEAM,TEAM");
    }
}
