package org.sightline.command.console;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sightline.command.eventstore.LsidTargetResolver;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.console.AccountRole;
import org.sightline.contracts.console.LogOut;
import org.sightline.contracts.console.LoggedOut;
import org.sightline.contracts.console.LoginFailed;
import org.sightline.contracts.console.LoginFailureReason;
import org.sightline.contracts.console.LoginSucceeded;
import org.sightline.contracts.console.LogoutReason;
import org.sightline.contracts.console.OpenConsoleSession;
import org.sightline.contracts.console.RecordFailedLogin;

class ConsoleSessionTest {

    private static final Lsid LSID = Lsid.parse("fedcba9876543210fedcba9876543210");

    private FixtureConfiguration<ConsoleSession> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ConsoleSession.class)
                .registerCommandTargetResolver(new LsidTargetResolver());
    }

    private static LoginSucceeded signedIn() {
        return new LoginSucceeded(LSID, "alice", AccountRole.REP, "192.0.2.10", "password",
                List.of());
    }

    @Test
    void aSignInOpensAConsoleSession() {
        fixture.givenNoPriorActivity()
                .when(new OpenConsoleSession(LSID, "alice", AccountRole.REP, "192.0.2.10",
                        "password"))
                .expectEvents(signedIn());
    }

    @Test
    void aRefusedSignInIsRecorded() {
        fixture.givenNoPriorActivity()
                .when(new RecordFailedLogin(LSID, "alice", LoginFailureReason.BAD_PASSWORD,
                        "192.0.2.10"))
                .expectEvents(new LoginFailed(LSID, "alice", LoginFailureReason.BAD_PASSWORD,
                        "192.0.2.10"));
    }

    @Test
    void signingOutEndsTheSession() {
        fixture.given(signedIn())
                .when(new LogOut(LSID, LogoutReason.SIGNED_OUT))
                .expectEvents(new LoggedOut(LSID, "alice", LogoutReason.SIGNED_OUT));
    }

    @Test
    void signingOutTwiceIsAConflict() {
        fixture.given(signedIn(), new LoggedOut(LSID, "alice", LogoutReason.SIGNED_OUT))
                .when(new LogOut(LSID, LogoutReason.SIGNED_OUT))
                .expectException(IllegalStateException.class)
                .expectNoEvents();
    }

    @Test
    void aRefusedSignInCannotBeSignedOut() {
        fixture.given(new LoginFailed(LSID, "alice", LoginFailureReason.UNKNOWN_USER,
                        "192.0.2.10"))
                .when(new LogOut(LSID, LogoutReason.SIGNED_OUT))
                .expectException(IllegalStateException.class)
                .expectNoEvents();
    }
}
