package org.sightline.command.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.sightline.contracts.TeamId;
import org.sightline.contracts.console.AccountRole;

class GroupMappingsTest {

    private static final String SETTING = "sightline.ldap.groups";

    private static GroupMappings parse(String text) {
        return GroupMappings.parse(SETTING, text);
    }

    private static Set<TeamId> teams(String... names) {
        return Stream.of(names).map(TeamId::new).collect(Collectors.toSet());
    }

    @Test
    void aMappedGroupGrantsItsRoleAndTeams() {
        GroupMappings mappings = parse("support-tier2=REP:tier2,tier2b; sightline-admins=ADMIN");

        assertThat(mappings.grant(Set.of("support-tier2", "kitchen"))).contains(
                new GroupMappings.Grant(AccountRole.REP, teams("tier2", "tier2b")));
    }

    @Test
    void groupNamesAndRolesMatchIgnoringCase() {
        GroupMappings mappings = parse("Sightline-Admins=admin");

        assertThat(mappings.grant(Set.of("sightline-admins")))
                .contains(new GroupMappings.Grant(AccountRole.ADMIN, Set.of()));
    }

    @Test
    void noMappedGroupGrantsNothing() {
        assertThat(parse("auditors=AUDITOR").grant(Set.of("kitchen"))).isEqualTo(Optional.empty());
    }

    @Test
    void theFirstMatchingEntryDecidesTheRoleAndItsRoleGathersTheTeams() {
        GroupMappings mappings = parse(
                "tier1=REP:t1; auditors=AUDITOR:audit; admins=ADMIN; tier2=REP:t2; tier3=REP:t3");

        assertThat(mappings.grant(Set.of("tier2", "auditors", "tier1", "admins")))
                .contains(new GroupMappings.Grant(AccountRole.REP, teams("t1", "t2")));
        assertThat(mappings.grant(Set.of("admins", "tier2")))
                .contains(new GroupMappings.Grant(AccountRole.ADMIN, Set.of()));
    }

    @Test
    void emptyEntriesAreIgnored() {
        assertThat(parse(" ; auditors = AUDITOR ;").size()).isEqualTo(1);
        assertThat(parse("").isEmpty()).isTrue();
        assertThat(parse(null).isEmpty()).isTrue();
    }

    @Test
    void malformedEntriesFailNamingTheSettingAndTheEntry() {
        for (String text : new String[] {"auditors", "=ADMIN", "admins=BOSS", "admins=",
                "tier2=REP:", "tier2=REP:a,,b", "tier2=REP:bad team", "a=ADMIN; A=REP"}) {
            assertThatThrownBy(() -> parse(text)).as(text)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(SETTING + ": entry '")
                    .hasMessageContaining("expected GROUP=ROLE");
        }
    }
}
