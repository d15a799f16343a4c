package org.sightline.ops.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sightline.ops.identity.Slapd.ALICE_PASSWORD;
import static org.sightline.ops.identity.Slapd.BOB_PASSWORD;
import static org.sightline.ops.identity.Slapd.CAROL_PASSWORD;
import static org.sightline.ops.identity.Slapd.DAN_PASSWORD;
import static org.sightline.ops.identity.Slapd.DAVE_PASSWORD;
import static org.sightline.ops.identity.Slapd.ERIN_PASSWORD;
import static org.sightline.ops.identity.Slapd.GROUPS;
import static org.sightline.ops.identity.Slapd.PEOPLE;
import static org.sightline.ops.identity.Slapd.SERVICE_DN;
import static org.sightline.ops.identity.Slapd.SERVICE_PASSWORD;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sightline.command.console.Directory;
import org.sightline.command.console.Directory.Outcome;
import org.sightline.contracts.TeamId;
import org.sightline.contracts.console.AccountRole;

/** Directory against a real OpenLDAP slapd on loopback (see {@link Slapd}). */
class DirectoryTest {

    private static final String MAPPINGS =
            "support-tier2=REP:tier2; sightline-admins=ADMIN; auditors=AUDITOR";
    private static final String PATTERN = "uid={0}," + PEOPLE;

    @TempDir
    static Path temporary;

    private static Slapd slapd;

    @BeforeAll
    static void startDirectory() throws Exception {
        slapd = Slapd.start(temporary.resolve("slapd"));
    }

    @AfterAll
    static void stopDirectory() {
        if (slapd != null) {
            slapd.close();
        }
    }

    @Test
    void aSupportTier2MemberSignsInAsARepOfTeamTier2() {
        Outcome outcome = byPattern(slapd.url()).authenticate("alice", ALICE_PASSWORD);

        assertThat(outcome).isEqualTo(new Outcome.Accepted("alice", AccountRole.REP,
                Set.of(new TeamId("tier2")), Set.of("support-tier2")));
    }

    @Test
    void aSupportTier2MemberFoundByUserSearchSignsInAsARep() {
        Outcome outcome = bySearch(slapd.url(), "(uid={0})").authenticate("alice", ALICE_PASSWORD);

        assertThat(outcome).isEqualTo(new Outcome.Accepted("alice", AccountRole.REP,
                Set.of(new TeamId("tier2")), Set.of("support-tier2")));
    }

    @Test
    void anAdminGroupMemberSignsInAsAnAdmin() {
        Outcome outcome = byPattern(slapd.url()).authenticate("bob", BOB_PASSWORD);

        assertThat(outcome).isEqualTo(new Outcome.Accepted("bob", AccountRole.ADMIN, Set.of(),
                Set.of("sightline-admins")));
    }

    @Test
    void anAuditorsMemberSignsInAsAnAuditorWithoutAServiceAccount() {
        Outcome outcome = directory(slapd.url(), Map.of("user-dn-pattern", PATTERN))
                .authenticate("carol", CAROL_PASSWORD);

        assertThat(outcome).isEqualTo(new Outcome.Accepted("carol", AccountRole.AUDITOR,
                Set.of(), Set.of("auditors")));
    }

    @Test
    void theFirstMappingInTheConfiguredOrderDecidesTheRole() {
        Outcome repFirst = byPattern(slapd.url()).authenticate("erin", ERIN_PASSWORD);
        Outcome adminFirst = directory(slapd.url(), Map.of("user-dn-pattern", PATTERN,
                "groups", "sightline-admins=ADMIN; support-tier2=REP:tier2"))
                .authenticate("erin", ERIN_PASSWORD);

        assertThat(repFirst).isEqualTo(new Outcome.Accepted("erin", AccountRole.REP,
                Set.of(new TeamId("tier2")), Set.of("support-tier2", "sightline-admins")));
        assertThat(adminFirst).isEqualTo(new Outcome.Accepted("erin", AccountRole.ADMIN,
                Set.of(), Set.of("support-tier2", "sightline-admins")));
    }

    @Test
    void aUserInNoMappedGroupIsNotAccepted() {
        Outcome outcome = byPattern(slapd.url()).authenticate("dan", DAN_PASSWORD);

        assertThat(outcome).isEqualTo(new Outcome.NoMappedGroup(Set.of("kitchen")));
    }

    @Test
    void aWrongPasswordIsABadPassword() {
        assertThat(byPattern(slapd.url()).authenticate("alice", BOB_PASSWORD))
                .isEqualTo(new Outcome.BadPassword());
        assertThat(bySearch(slapd.url(), "(uid={0})").authenticate("alice", BOB_PASSWORD))
                .isEqualTo(new Outcome.BadPassword());
    }

    @Test
    void anEmptyPasswordIsRefusedThoughTheDirectoryWouldAcceptTheBind() {
        // This slapd takes a DN with an empty password as an anonymous bind, and the service
        // account would then find bob's groups: only Directory's own check refuses him.
        Directory directory = byPattern(slapd.url());

        assertThat(directory.authenticate("bob", "")).isEqualTo(new Outcome.BadPassword());
        assertThat(directory.authenticate("bob", null)).isEqualTo(new Outcome.BadPassword());
    }

    @Test
    void anEmptyPasswordIsRefusedBeforeAnyConnection() throws IOException {
        Directory nowhere = byPattern("ldap://127.0.0.1:" + closedPort());

        assertThat(nowhere.authenticate("bob", "")).isEqualTo(new Outcome.BadPassword());
        assertThat(nowhere.authenticate("bob", BOB_PASSWORD))
                .isInstanceOf(Outcome.Unavailable.class);
    }

    @Test
    void aNameWithNoEntryIsAnUnknownUser() {
        assertThat(byPattern(slapd.url()).authenticate("mallory", ALICE_PASSWORD))
                .isEqualTo(new Outcome.UnknownUser());
        assertThat(bySearch(slapd.url(), "(uid={0})").authenticate("mallory", ALICE_PASSWORD))
                .isEqualTo(new Outcome.UnknownUser());
    }

    @Test
    void withoutAServiceAccountAnUnknownNameIsABadPassword() {
        Directory directory = directory(slapd.url(), Map.of("user-dn-pattern", PATTERN));

        assertThat(directory.authenticate("mallory", ALICE_PASSWORD))
                .isEqualTo(new Outcome.BadPassword());
    }

    @Test
    void namesWithFilterMetacharactersMatchNobodyElse() {
        // Unescaped, each of these filters would find alice: "ali*" and "*" by wildcard,
        // "alice)(uid=*" by closing the uid assertion, "\61lice" as a hex escape of "alice".
        Directory directory = bySearch(slapd.url(), "(&(objectClass=inetOrgPerson)(uid={0}))");

        for (String name : new String[] {"ali*", "*", "alice)(uid=*", "\\61lice", "alice\\",
                "alice)", "(uid=alice)"}) {
            assertThat(directory.authenticate(name, ALICE_PASSWORD)).as(name)
                    .isEqualTo(new Outcome.UnknownUser());
        }
    }

    @Test
    void namesWithDnMetacharactersMatchNobodyElse() {
        // Unescaped, "dave,ou=contractors" would bind as the contractor below ou=people, and
        // "\61lice" as alice.
        Directory directory = byPattern(slapd.url());

        assertThat(directory.authenticate("dave,ou=contractors", DAVE_PASSWORD))
                .isEqualTo(new Outcome.UnknownUser());
        for (String name : new String[] {"\\61lice", "alice\\", "*", "alice)(uid=*",
                "#616c696365", "alice+cn=alice"}) {
            assertThat(directory.authenticate(name, ALICE_PASSWORD)).as(name)
                    .isEqualTo(new Outcome.UnknownUser());
        }
    }

    @Test
    void anAcceptedAccountIsNamedAsTheDirectorySpellsIt() {
        // The directory's matching rules ignore case and leading or trailing spaces.
        for (Directory directory : new Directory[] {byPattern(slapd.url()),
                bySearch(slapd.url(), "(uid={0})")}) {
            for (String name : new String[] {"ALICE", " alice", "Alice "}) {
                assertThat(directory.authenticate(name, ALICE_PASSWORD)).as(name)
                        .isEqualTo(new Outcome.Accepted("alice", AccountRole.REP,
                                Set.of(new TeamId("tier2")), Set.of("support-tier2")));
            }
        }
    }

    @Test
    void malformedNamesAreUnknownWithoutAnException() {
        Directory directory = byPattern(slapd.url());

        for (String name : new String[] {null, "", "  ", "alice\u0000", "alice\nbob",
                "a".repeat(Directory.MAX_ACCOUNT_CHARS + 1)}) {
            assertThat(directory.authenticate(name, ALICE_PASSWORD))
                    .isEqualTo(new Outcome.UnknownUser());
        }
    }

    @Test
    void aStoppedDirectoryIsUnavailableWithinSeconds() throws Exception {
        Directory directory;
        try (Slapd stopping = Slapd.start(temporary.resolve("stopping"))) {
            directory = byPattern(stopping.url());
            assertThat(directory.authenticate("alice", ALICE_PASSWORD))
                    .isInstanceOf(Outcome.Accepted.class);
        }

        long started = System.nanoTime();
        Outcome outcome = directory.authenticate("alice", ALICE_PASSWORD);

        assertThat(outcome).isInstanceOf(Outcome.Unavailable.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aDirectoryThatNeverAnswersIsUnavailableAfterTheReadTimeout() throws Exception {
        // The kernel completes the connection from the backlog; nobody ever reads the bind.
        // JDK 17 waits for the first bind's answer as long as the connect timeout.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Directory directory = directory("ldap://127.0.0.1:" + silent.getLocalPort(),
                    Map.of("user-dn-pattern", PATTERN, "connect-timeout", "PT1S",
                            "read-timeout", "PT1S"));

            long started = System.nanoTime();
            Outcome outcome = directory.authenticate("alice", ALICE_PASSWORD);

            assertThat(outcome).isInstanceOf(Outcome.Unavailable.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));
        }
    }

    @Test
    void ldapsRefusesACertificateTheJvmDoesNotTrust() throws Exception {
        try (Slapd tls = Slapd.start(temporary.resolve("tls"), true)) {
            Directory directory = byPattern(tls.tlsUrl());

            Outcome outcome = directory.authenticate("alice", ALICE_PASSWORD);

            assertThat(outcome).isInstanceOf(Outcome.Unavailable.class);
            assertThat(((Outcome.Unavailable) outcome).detail())
                    .containsIgnoringCase("certificat");
        }
    }

    @Test
    void aWrongServicePasswordIsUnavailableNotABadPassword() {
        Directory directory = directory(slapd.url(), Map.of("user-search-base", PEOPLE,
                "user-search-filter", "(uid={0})", "bind-dn", SERVICE_DN,
                "bind-password", "not-the-service-password"));

        assertThat(directory.authenticate("alice", ALICE_PASSWORD))
                .isInstanceOf(Outcome.Unavailable.class);
    }

    @Test
    void aMalformedGroupMappingFailsAtStart() {
        assertThatThrownBy(() -> directory(slapd.url(), Map.of("user-dn-pattern", PATTERN,
                "groups", "support-tier2=REP:tier2; sightline-admins=BOSS")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sightline.ldap.groups")
                .hasMessageContaining("sightline-admins=BOSS");
    }

    @Test
    void withoutAUrlTheDirectoryIsDisabled() {
        Directory disabled = directory("", Map.of());

        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.authenticate("alice", ALICE_PASSWORD))
                .isInstanceOf(Outcome.Unavailable.class);
    }

    /** Users by DN pattern, with the service account to tell unknown users apart. */
    private static Directory byPattern(String url) {
        return directory(url, Map.of("user-dn-pattern", PATTERN, "bind-dn", SERVICE_DN,
                "bind-password", SERVICE_PASSWORD));
    }

    private static Directory bySearch(String url, String filter) {
        return directory(url, Map.of("user-search-base", PEOPLE, "user-search-filter", filter,
                "bind-dn", SERVICE_DN, "bind-password", SERVICE_PASSWORD));
    }

    /** A Directory as Spring would make it from sightline.ldap.* settings over the defaults. */
    private static Directory directory(String url, Map<String, String> settings) {
        return new Directory(url,
                settings.getOrDefault("user-dn-pattern", ""),
                settings.getOrDefault("user-search-base", ""),
                settings.getOrDefault("user-search-filter", ""),
                settings.getOrDefault("bind-dn", ""),
                settings.getOrDefault("bind-password", ""),
                settings.getOrDefault("group-search-base", GROUPS),
                settings.getOrDefault("group-search-filter", "(member={1})"),
                settings.getOrDefault("group-name-attribute", "cn"),
                Duration.parse(settings.getOrDefault("connect-timeout", "PT2S")),
                Duration.parse(settings.getOrDefault("read-timeout", "PT2S")),
                settings.getOrDefault("groups", MAPPINGS));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
