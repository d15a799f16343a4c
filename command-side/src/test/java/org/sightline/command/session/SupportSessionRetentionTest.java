package org.sightline.command.session;

import static org.sightline.command.session.SessionFixtures.ALICE;
import static org.sightline.command.session.SessionFixtures.LSID;
import static org.sightline.command.session.SessionFixtures.joined;
import static org.sightline.command.session.SessionFixtures.requested;

import java.time.Duration;
import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sightline.command.eventstore.LsidTargetResolver;
import org.sightline.contracts.retention.ExpireSessionData;
import org.sightline.contracts.retention.LegalHoldPlaced;
import org.sightline.contracts.retention.LegalHoldReleased;
import org.sightline.contracts.retention.PlaceLegalHold;
import org.sightline.contracts.retention.ReleaseLegalHold;
import org.sightline.contracts.retention.SessionDataExpired;
import org.sightline.contracts.session.Author;
import org.sightline.contracts.session.RepRole;
import org.sightline.contracts.session.SessionEnded;

/** The session's own retention rules: when its content may expire, and holds. */
class SupportSessionRetentionTest {

    /** With a sub-millisecond part, which the store does not keep. */
    private static final Instant END = Instant.parse("2027-08-09T05:30:00.123456Z");
    private static final Instant END_AS_STORED = Instant.parse("2027-08-09T05:30:00.123Z");
    private static final Duration POLICY = Duration.ofDays(90);
    private static final String SETTING = "retention.session-logs";
    private static final Instant MUCH_LATER = END.plus(POLICY.multipliedBy(10));

    private FixtureConfiguration<SupportSession> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(SupportSession.class)
                .registerCommandTargetResolver(new LsidTargetResolver());
    }

    private static SessionEnded ended() {
        return new SessionEnded(LSID, Author.rep(ALICE), null);
    }

    private static SessionDataExpired expired() {
        Instant due = END_AS_STORED.plus(POLICY);
        return new SessionDataExpired(LSID, SETTING, POLICY.toString(),
                END_AS_STORED.toString(), due.toString());
    }

    @Test
    void contentExpiresAtTheEndPlusThePolicyToTheMillisecond() {
        fixture.givenCurrentTime(END)
                .andGiven(requested(), joined(ALICE, RepRole.OWNER), ended())
                .when(new ExpireSessionData(LSID, SETTING, POLICY,
                        END_AS_STORED.plus(POLICY)))
                .expectEvents(expired());
    }

    @Test
    void notAMillisecondEarlier() {
        fixture.givenCurrentTime(END)
                .andGiven(requested(), joined(ALICE, RepRole.OWNER), ended())
                .when(new ExpireSessionData(LSID, SETTING, POLICY,
                        END_AS_STORED.plus(POLICY).minusMillis(1)))
                .expectException(IllegalStateException.class)
                .expectExceptionMessage("the content is due to expire at "
                        + END_AS_STORED.plus(POLICY))
                .expectNoEvents();
    }

    @Test
    void aSessionStillRunningNeverExpires() {
        fixture.given(requested())
                .when(new ExpireSessionData(LSID, SETTING, POLICY, MUCH_LATER))
                .expectExceptionMessage("the session has not ended")
                .expectNoEvents();
    }

    @Test
    void contentExpiresOnce() {
        fixture.givenCurrentTime(END)
                .andGiven(requested(), ended(), expired())
                .when(new ExpireSessionData(LSID, SETTING, POLICY, MUCH_LATER))
                .expectException(IllegalStateException.class)
                .expectNoEvents();
    }

    @Test
    void aHeldSessionDoesNotExpire() {
        fixture.givenCurrentTime(END)
                .andGiven(requested(), ended(), new LegalHoldPlaced(LSID, "admin", "case 1"))
                .when(new ExpireSessionData(LSID, SETTING, POLICY, MUCH_LATER))
                .expectExceptionMessage("the session is on legal hold")
                .expectNoEvents();
    }

    @Test
    void aReleasedSessionExpires() {
        fixture.givenCurrentTime(END)
                .andGiven(requested(), ended(), new LegalHoldPlaced(LSID, "admin", "case 1"),
                        new LegalHoldReleased(LSID, "admin", "closed"))
                .when(new ExpireSessionData(LSID, SETTING, POLICY, END_AS_STORED.plus(POLICY)))
                .expectEvents(expired());
    }

    @Test
    void aHoldIsPlacedOnceAndReleasedOnce() {
        fixture.given(requested(), new LegalHoldPlaced(LSID, "admin", "case 1"))
                .when(new PlaceLegalHold(LSID, "admin", "case 2"))
                .expectExceptionMessage("the session is on legal hold already");
        fixture.given(requested())
                .when(new ReleaseLegalHold(LSID, "admin", "nothing"))
                .expectExceptionMessage("the session is not on legal hold");
    }

    @Test
    void expiredContentCannotBeHeld() {
        fixture.givenCurrentTime(END)
                .andGiven(requested(), ended(), expired())
                .when(new PlaceLegalHold(LSID, "admin", "too late"))
                .expectException(IllegalStateException.class)
                .expectNoEvents();
    }
}
