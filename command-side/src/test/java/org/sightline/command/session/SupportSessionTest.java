package org.sightline.command.session;

import static org.sightline.command.session.SessionFixtures.ALICE;
import static org.sightline.command.session.SessionFixtures.BOB;
import static org.sightline.command.session.SessionFixtures.CUSTOMER;
import static org.sightline.command.session.SessionFixtures.LSID;
import static org.sightline.command.session.SessionFixtures.asked;
import static org.sightline.command.session.SessionFixtures.granted;
import static org.sightline.command.session.SessionFixtures.joined;
import static org.sightline.command.session.SessionFixtures.requested;
import static org.sightline.command.session.SessionFixtures.supportRequest;
import static org.sightline.command.session.SessionFixtures.systemInformation;

import java.util.EnumSet;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sightline.command.eventstore.LsidTargetResolver;
import org.sightline.contracts.QueueId;
import org.sightline.contracts.session.AddSessionNote;
import org.sightline.contracts.session.AnswerPermission;
import org.sightline.contracts.session.Author;
import org.sightline.contracts.session.CaptureSystemInformation;
import org.sightline.contracts.session.ChatMessagePosted;
import org.sightline.contracts.session.ControlTakenBack;
import org.sightline.contracts.session.EndSession;
import org.sightline.contracts.session.FileTransferred;
import org.sightline.contracts.session.ControlGiven;
import org.sightline.contracts.session.GiveControl;
import org.sightline.contracts.TeamId;
import org.sightline.contracts.configuration.TeamPolicy;
import org.sightline.contracts.session.GiveControl;
import org.sightline.contracts.session.JoinSession;
import org.sightline.contracts.session.PermissionRequested;
import org.sightline.contracts.session.RepresentativeInvited;
import org.sightline.contracts.session.InviteRepresentative;
import org.sightline.contracts.session.LeaveSession;
import org.sightline.contracts.session.PermissionDenied;
import org.sightline.contracts.session.PermissionGranted;
import org.sightline.contracts.session.PermissionKind;
import org.sightline.contracts.session.PostChatMessage;
import org.sightline.contracts.session.RecordFileTransfer;
import org.sightline.contracts.session.RepRole;
import org.sightline.contracts.session.RepresentativeLeft;
import org.sightline.contracts.session.RequestPermission;
import org.sightline.contracts.session.SessionEnded;
import org.sightline.contracts.session.SessionNoteAdded;
import org.sightline.contracts.session.SessionTransferred;
import org.sightline.contracts.session.SystemInformationCaptured;
import org.sightline.contracts.session.TakeBackControl;
import org.sightline.contracts.session.TransferDirection;
import org.sightline.contracts.session.TransferSession;

class SupportSessionTest {

    private static final String SHA = "a".repeat(64);

    private static final Set<TeamId> GENERAL = Set.of(TeamId.of("general"));

    private FixtureConfiguration<SupportSession> fixture;
    private TeamPolicy policy = TeamPolicy.defaults();
    private TeamPolicies policies = queue -> policy;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(SupportSession.class)
                .registerCommandTargetResolver(new LsidTargetResolver())
                .registerInjectableResource((TeamPolicies) queue -> policies.of(queue));
    }

    @Test
    void aRequestOpensTheSession() {
        fixture.givenNoPriorActivity()
                .when(supportRequest())
                .expectSuccessfulHandlerExecution()
                .expectEvents(requested());
    }

    @Test
    void theFirstRepToJoinOwnsTheSession() {
        fixture.given(requested())
                .when(new JoinSession(LSID, ALICE, GENERAL))
                .expectEvents(joined(ALICE, RepRole.OWNER));
    }

    @Test
    void aLaterRepJoinsAsParticipant() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER))
                .when(new JoinSession(LSID, BOB, GENERAL))
                .expectEvents(joined(BOB, RepRole.PARTICIPANT));
    }

    @Test
    void aRepOfAnotherTeamCannotJoin() {
        fixture.given(requested())
                .when(new JoinSession(LSID, ALICE, Set.of(TeamId.of("billing"))))
                .expectException(NotPermitted.class)
                .expectNoEvents();
    }

    @Test
    void aRepOfAnotherTeamJoinsWhenInvited() {
        fixture.given(requested(), joined(BOB, RepRole.OWNER),
                        new RepresentativeInvited(LSID, ALICE, BOB))
                .when(new JoinSession(LSID, ALICE, Set.of(TeamId.of("billing"))))
                .expectEvents(joined(ALICE, RepRole.PARTICIPANT));
    }

    @Test
    void aKindTheTeamMayNotRequestIsRefused() {
        policy = new TeamPolicy(EnumSet.of(PermissionKind.VIEW_SCREEN),
                EnumSet.allOf(PermissionKind.class));
        fixture.given(requested(), joined(ALICE, RepRole.OWNER))
                .when(new RequestPermission(LSID, ALICE, PermissionKind.CONTROL))
                .expectException(NotPermitted.class)
                .expectNoEvents();
    }

    @Test
    void aKindTheTeamDoesNotPromptForIsGrantedByThePolicy() {
        policy = new TeamPolicy(EnumSet.allOf(PermissionKind.class),
                EnumSet.complementOf(EnumSet.of(PermissionKind.VIEW_SCREEN)));
        fixture.given(requested(), joined(ALICE, RepRole.OWNER))
                .when(new RequestPermission(LSID, ALICE, PermissionKind.VIEW_SCREEN))
                .expectEvents(new PermissionRequested(LSID, 1, PermissionKind.VIEW_SCREEN, ALICE),
                        new PermissionGranted(LSID, 1, PermissionKind.VIEW_SCREEN, ALICE, true));
    }

    @Test
    void controlGrantedBeforeThePolicyForbadeItCannotBeTaken() {
        policy = new TeamPolicy(EnumSet.of(PermissionKind.VIEW_SCREEN),
                EnumSet.allOf(PermissionKind.class));
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        asked(1, PermissionKind.CONTROL, ALICE),
                        granted(1, PermissionKind.CONTROL, ALICE))
                .when(new GiveControl(LSID, ALICE))
                .expectException(NotPermitted.class)
                .expectNoEvents();
    }

    @Test
    void movingASessionToALooserQueueKeepsTheStricterPolicy() {
        TeamPolicy strict = new TeamPolicy(EnumSet.of(PermissionKind.VIEW_SCREEN),
                EnumSet.allOf(PermissionKind.class));
        policies = queue -> queue.value().equals("general") ? strict : TeamPolicy.defaults();
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        new SessionTransferred(LSID, ALICE, null, QueueId.of("loose")),
                        joined(BOB, RepRole.OWNER))
                .when(new RequestPermission(LSID, BOB, PermissionKind.CONTROL))
                .expectException(NotPermitted.class)
                .expectNoEvents();
    }

    @Test
    void systemInformationIsRefusedOnceThePolicyNoLongerAllowsIt() {
        policy = new TeamPolicy(EnumSet.of(PermissionKind.VIEW_SCREEN),
                EnumSet.allOf(PermissionKind.class));
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        asked(1, PermissionKind.SYSTEM_INFORMATION, ALICE),
                        granted(1, PermissionKind.SYSTEM_INFORMATION, ALICE))
                .when(new CaptureSystemInformation(LSID, systemInformation()))
                .expectException(NotPermitted.class)
                .expectNoEvents();
    }

    @Test
    void aRepCannotJoinTwice() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER))
                .when(new JoinSession(LSID, ALICE, GENERAL))
                .expectException(IllegalStateException.class)
                .expectNoEvents();
    }

    @Test
    void aRepTakingPartInvitesAnother() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER))
                .when(new InviteRepresentative(LSID, BOB, ALICE))
                .expectEvents(new RepresentativeInvited(LSID, BOB, ALICE));
    }

    @Test
    void anInvitationIsOpenOnceUntilTheRepJoins() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        new RepresentativeInvited(LSID, BOB, ALICE))
                .when(new InviteRepresentative(LSID, BOB, ALICE))
                .expectException(IllegalStateException.class)
                .expectNoEvents();
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        new RepresentativeInvited(LSID, BOB, ALICE),
                        joined(BOB, RepRole.PARTICIPANT), new RepresentativeLeft(LSID, BOB))
                .when(new InviteRepresentative(LSID, BOB, ALICE))
                .expectEvents(new RepresentativeInvited(LSID, BOB, ALICE));
    }

    @Test
    void onlyARepTakingPartInvitesAndOnlyThoseNotInAlready() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER))
                .when(new InviteRepresentative(LSID, ALICE, BOB))
                .expectException(NotParticipating.class)
                .expectNoEvents();
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        joined(BOB, RepRole.PARTICIPANT))
                .when(new InviteRepresentative(LSID, BOB, ALICE))
                .expectException(IllegalStateException.class)
                .expectNoEvents();
    }

    @Test
    void theCustomerChats() {
        fixture.given(requested())
                .when(new PostChatMessage(LSID, Author.customer(CUSTOMER), "hello"))
                .expectEvents(new ChatMessagePosted(LSID, Author.customer(CUSTOMER), "hello"));
    }

    @Test
    void aRepTakingPartChats() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER))
                .when(new PostChatMessage(LSID, Author.rep(ALICE), "hi"))
                .expectEvents(new ChatMessagePosted(LSID, Author.rep(ALICE), "hi"));
    }

    @Test
    void aRepNotTakingPartCannotChat() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER))
                .when(new PostChatMessage(LSID, Author.rep(BOB), "hi"))
                .expectException(NotParticipating.class)
                .expectNoEvents();
    }

    @Test
    void noChatAfterTheEnd() {
        fixture.given(requested(), new SessionEnded(LSID, Author.customer(CUSTOMER), null))
                .when(new PostChatMessage(LSID, Author.customer(CUSTOMER), "still there?"))
                .expectException(IllegalStateException.class)
                .expectExceptionMessage("the session has ended")
                .expectNoEvents();
    }

    @Test
    void aRepNotesTheSession() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER))
                .when(new AddSessionNote(LSID, ALICE, "printer driver outdated"))
                .expectEvents(new SessionNoteAdded(LSID, ALICE, "printer driver outdated"));
    }

    @Test
    void permissionRequestsAreNumberedFromOne() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        asked(1, PermissionKind.VIEW_SCREEN, ALICE))
                .when(new RequestPermission(LSID, ALICE, PermissionKind.CONTROL))
                .expectResultMessagePayload(2)
                .expectEvents(asked(2, PermissionKind.CONTROL, ALICE));
    }

    @Test
    void theCustomerGrantsAPendingRequest() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        asked(1, PermissionKind.VIEW_SCREEN, ALICE))
                .when(new AnswerPermission(LSID, 1, true))
                .expectEvents(granted(1, PermissionKind.VIEW_SCREEN, ALICE));
    }

    @Test
    void theCustomerDeniesAPendingRequest() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        asked(1, PermissionKind.CONTROL, ALICE))
                .when(new AnswerPermission(LSID, 1, false))
                .expectEvents(new PermissionDenied(LSID, 1, PermissionKind.CONTROL, ALICE));
    }

    @Test
    void theCustomerAnswersOnlyAPendingRequest() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        asked(1, PermissionKind.CONTROL, ALICE),
                        granted(1, PermissionKind.CONTROL, ALICE))
                .when(new AnswerPermission(LSID, 1, false))
                .expectException(IllegalStateException.class)
                .expectNoEvents();
    }

    @Test
    void theCustomerCannotAnswerARequestNeverMade() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER))
                .when(new AnswerPermission(LSID, 7, true))
                .expectException(IllegalStateException.class)
                .expectNoEvents();
    }

    @Test
    void controlNeedsTheCustomersGrant() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        asked(1, PermissionKind.CONTROL, ALICE))
                .when(new GiveControl(LSID, ALICE))
                .expectException(IllegalStateException.class)
                .expectNoEvents();
    }

    @Test
    void aDeniedControlRequestGivesNoControl() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        asked(1, PermissionKind.CONTROL, ALICE),
                        new PermissionDenied(LSID, 1, PermissionKind.CONTROL, ALICE))
                .when(new GiveControl(LSID, ALICE))
                .expectException(IllegalStateException.class)
                .expectNoEvents();
    }

    @Test
    void controlGoesToTheRepTheCustomerGrantedIt() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        asked(1, PermissionKind.CONTROL, ALICE),
                        granted(1, PermissionKind.CONTROL, ALICE))
                .when(new GiveControl(LSID, ALICE))
                .expectEvents(new ControlGiven(LSID, ALICE));
    }

    @Test
    void aGrantToOneRepIsNoGrantToAnother() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        joined(BOB, RepRole.PARTICIPANT),
                        asked(1, PermissionKind.CONTROL, ALICE),
                        granted(1, PermissionKind.CONTROL, ALICE))
                .when(new GiveControl(LSID, BOB))
                .expectException(IllegalStateException.class)
                .expectNoEvents();
    }

    @Test
    void theCustomerTakesControlBack() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        asked(1, PermissionKind.CONTROL, ALICE),
                        granted(1, PermissionKind.CONTROL, ALICE), new ControlGiven(LSID, ALICE))
                .when(new TakeBackControl(LSID, Author.customer(CUSTOMER)))
                .expectEvents(new ControlTakenBack(LSID, ALICE, Author.customer(CUSTOMER)));
    }

    @Test
    void anotherRepCannotTakeControlAway() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        joined(BOB, RepRole.PARTICIPANT),
                        asked(1, PermissionKind.CONTROL, ALICE),
                        granted(1, PermissionKind.CONTROL, ALICE), new ControlGiven(LSID, ALICE))
                .when(new TakeBackControl(LSID, Author.rep(BOB)))
                .expectException(NotParticipating.class)
                .expectNoEvents();
    }

    @Test
    void leavingWhileHoldingControlReturnsItFirst() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        asked(1, PermissionKind.CONTROL, ALICE),
                        granted(1, PermissionKind.CONTROL, ALICE), new ControlGiven(LSID, ALICE))
                .when(new LeaveSession(LSID, ALICE))
                .expectEvents(new ControlTakenBack(LSID, ALICE, Author.system()),
                        new RepresentativeLeft(LSID, ALICE));
    }

    @Test
    void anOwnerWhoLeavesHandsTheSessionToTheFirstRepStillInIt() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        joined(BOB, RepRole.PARTICIPANT))
                .when(new LeaveSession(LSID, ALICE))
                .expectEvents(new SessionTransferred(LSID, ALICE, BOB, null),
                        new RepresentativeLeft(LSID, ALICE));
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        joined(BOB, RepRole.PARTICIPANT))
                .when(new LeaveSession(LSID, BOB))
                .expectEvents(new RepresentativeLeft(LSID, BOB));
    }

    @Test
    void aSessionOthersHelpInIsNotHandedBackToTheQueue() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        joined(BOB, RepRole.PARTICIPANT))
                .when(new TransferSession(LSID, ALICE, null, QueueId.of("general")))
                .expectException(IllegalStateException.class)
                .expectNoEvents();
    }

    @Test
    void aRepHandedTheSessionIsNoLongerInvited() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        new RepresentativeInvited(LSID, BOB, ALICE),
                        new SessionTransferred(LSID, ALICE, BOB, null),
                        new RepresentativeLeft(LSID, ALICE), new RepresentativeLeft(LSID, BOB),
                        joined(ALICE, RepRole.OWNER))
                .when(new InviteRepresentative(LSID, BOB, ALICE))
                .expectEvents(new RepresentativeInvited(LSID, BOB, ALICE));
    }

    @Test
    void aRepWhoLeftHoldsNoGrantsOnReturn() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        asked(1, PermissionKind.CONTROL, ALICE),
                        granted(1, PermissionKind.CONTROL, ALICE),
                        new RepresentativeLeft(LSID, ALICE), joined(ALICE, RepRole.OWNER))
                .when(new GiveControl(LSID, ALICE))
                .expectException(IllegalStateException.class)
                .expectNoEvents();
    }

    @Test
    void systemInformationNeedsAGrant() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER))
                .when(new CaptureSystemInformation(LSID, systemInformation()))
                .expectException(IllegalStateException.class)
                .expectNoEvents();
    }

    @Test
    void grantedSystemInformationIsCaptured() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        asked(1, PermissionKind.SYSTEM_INFORMATION, ALICE),
                        granted(1, PermissionKind.SYSTEM_INFORMATION, ALICE))
                .when(new CaptureSystemInformation(LSID, systemInformation()))
                .expectEvents(new SystemInformationCaptured(LSID, systemInformation()));
    }

    @Test
    void aFileTransferNeedsAGrant() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER))
                .when(new RecordFileTransfer(LSID, ALICE, TransferDirection.TO_CUSTOMER,
                        "fix.ps1", 120, SHA))
                .expectException(IllegalStateException.class)
                .expectNoEvents();
    }

    @Test
    void aGrantedFileTransferIsRecorded() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        asked(1, PermissionKind.FILE_TRANSFER, ALICE),
                        new PermissionGranted(LSID, 1, PermissionKind.FILE_TRANSFER, ALICE, false))
                .when(new RecordFileTransfer(LSID, ALICE, TransferDirection.TO_CUSTOMER,
                        "fix.ps1", 120, SHA))
                .expectEvents(new FileTransferred(LSID, ALICE, TransferDirection.TO_CUSTOMER,
                        "fix.ps1", 120, SHA));
    }

    @Test
    void onlyTheOwnerTransfersTheSession() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        joined(BOB, RepRole.PARTICIPANT))
                .when(new TransferSession(LSID, BOB, null, QueueId.of("tier2")))
                .expectException(NotParticipating.class)
                .expectNoEvents();
    }

    @Test
    void theOwnerTransfersToAQueue() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER))
                .when(new TransferSession(LSID, ALICE, null, QueueId.of("tier2")))
                .expectEvents(new SessionTransferred(LSID, ALICE, null, QueueId.of("tier2")));
    }

    @Test
    void theNewOwnerOfATransferActsInTheSession() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        new SessionTransferred(LSID, ALICE, BOB, null))
                .when(new AddSessionNote(LSID, BOB, "taking over"))
                .expectEvents(new SessionNoteAdded(LSID, BOB, "taking over"));
    }

    @Test
    void endingReturnsControlAndEnds() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        asked(1, PermissionKind.CONTROL, ALICE),
                        granted(1, PermissionKind.CONTROL, ALICE), new ControlGiven(LSID, ALICE))
                .when(new EndSession(LSID, Author.rep(ALICE), "fixed"))
                .expectEvents(new ControlTakenBack(LSID, ALICE, Author.system()),
                        new SessionEnded(LSID, Author.rep(ALICE), "fixed"));
    }

    @Test
    void endingTwiceIsAConflict() {
        fixture.given(requested(), new SessionEnded(LSID, Author.customer(CUSTOMER), null))
                .when(new EndSession(LSID, Author.customer(CUSTOMER), null))
                .expectException(IllegalStateException.class)
                .expectNoEvents();
    }

    @Test
    void onlyTheSessionsCustomerSpeaksAsCustomer() {
        fixture.given(requested())
                .when(new PostChatMessage(LSID, Author.customer("Mallory"), "hello"))
                .expectException(IllegalArgumentException.class)
                .expectNoEvents();
    }

    @Test
    void aRepCannotAskTwiceForWhatIsPending() {
        fixture.given(requested(), joined(ALICE, RepRole.OWNER),
                        asked(1, PermissionKind.CONTROL, ALICE))
                .when(new RequestPermission(LSID, ALICE, PermissionKind.CONTROL))
                .expectException(IllegalStateException.class)
                .expectNoEvents();
    }

    @Test
    void aRepNotTakingPartCannotAskForPermission() {
        fixture.given(requested())
                .when(new RequestPermission(LSID, ALICE, PermissionKind.VIEW_SCREEN))
                .expectException(NotParticipating.class)
                .expectNoEvents();
    }
}
