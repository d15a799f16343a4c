package org.sightline.command.session;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.QueueId;
import org.sightline.contracts.RepId;
import org.sightline.contracts.TeamId;
import org.sightline.contracts.configuration.TeamPolicy;
import org.sightline.contracts.relay.AuthorizeRelay;
import org.sightline.contracts.relay.InputDropped;
import org.sightline.contracts.relay.RecordDroppedInput;
import org.sightline.contracts.relay.RecordingSegmentStored;
import org.sightline.contracts.relay.RelayRole;
import org.sightline.contracts.relay.StoreRecordingSegment;
import org.sightline.contracts.retention.ExpireRecordings;
import org.sightline.contracts.retention.ExpireSessionData;
import org.sightline.contracts.retention.LegalHoldPlaced;
import org.sightline.contracts.retention.LegalHoldReleased;
import org.sightline.contracts.retention.PlaceLegalHold;
import org.sightline.contracts.retention.RecordingsExpired;
import org.sightline.contracts.retention.ReleaseLegalHold;
import org.sightline.contracts.retention.SessionDataExpired;
import org.sightline.contracts.session.AddSessionNote;
import org.sightline.contracts.session.AnswerPermission;
import org.sightline.contracts.session.Author;
import org.sightline.contracts.session.AuthorKind;
import org.sightline.contracts.session.CaptureSystemInformation;
import org.sightline.contracts.session.ChatMessagePosted;
import org.sightline.contracts.session.ControlGiven;
import org.sightline.contracts.session.ControlTakenBack;
import org.sightline.contracts.session.EndSession;
import org.sightline.contracts.session.FileTransferred;
import org.sightline.contracts.session.GiveControl;
import org.sightline.contracts.session.InviteRepresentative;
import org.sightline.contracts.session.JoinSession;
import org.sightline.contracts.session.LeaveSession;
import org.sightline.contracts.session.PermissionDenied;
import org.sightline.contracts.session.PermissionGranted;
import org.sightline.contracts.session.PermissionKind;
import org.sightline.contracts.session.PermissionRequested;
import org.sightline.contracts.session.PostChatMessage;
import org.sightline.contracts.session.RecordFileTransfer;
import org.sightline.contracts.session.RepRole;
import org.sightline.contracts.session.RepresentativeInvited;
import org.sightline.contracts.session.RepresentativeJoined;
import org.sightline.contracts.session.RepresentativeLeft;
import org.sightline.contracts.session.RequestPermission;
import org.sightline.contracts.session.RequestSupport;
import org.sightline.contracts.session.SessionEnded;
import org.sightline.contracts.session.SessionNoteAdded;
import org.sightline.contracts.session.SessionTransferred;
import org.sightline.contracts.session.SupportRequested;
import org.sightline.contracts.session.SystemInformationCaptured;
import org.sightline.contracts.session.TakeBackControl;
import org.sightline.contracts.session.TransferSession;

/**
 * A support session from the customer's request to its end.
 *
 * <p>Its rules are the ones a customer and an auditor rely on: nothing happens after the end;
 * only a rep taking part acts as a rep; the customer answers only a pending request; control,
 * files and system information need the customer's grant to that rep. After the end its
 * content expires once, when the policy says and never while a legal hold stands.
 */
@Aggregate(commandTargetResolver = "lsidTargetResolver",
        cache = "supportSessionCache")
public class SupportSession {

    @AggregateIdentifier
    private Lsid lsid;
    private String customerName;
    private QueueId queue;
    /** Every queue the session was in: the policies of all of them hold. */
    private final Set<QueueId> queues = new LinkedHashSet<>();
    private RepId owner;
    private final Set<RepId> participants = new LinkedHashSet<>();
    private final Set<RepId> invited = new HashSet<>();
    private final Map<Integer, PermissionRequested> pending = new HashMap<>();
    private final Map<PermissionKind, Set<RepId>> grants = new EnumMap<>(PermissionKind.class);
    private int requestCount;
    private RepId controlHolder;
    private boolean ended;
    private Instant endedAt;
    private boolean held;
    private Instant expiredAt;
    private long recordingBytes;
    private boolean recordingsExpired;

    protected SupportSession() {
        // Axon rebuilds the session from its events.
    }

    @CommandHandler
    public SupportSession(RequestSupport command) {
        apply(new SupportRequested(command.lsid(), command.queue(), command.customerName(),
                command.company(), command.problemDescription(), command.publicIp(),
                command.privateIp(), command.clientKind()));
    }

    @CommandHandler
    public void handle(JoinSession command) {
        requireOpen();
        if (participants.contains(command.rep())) {
            throw new IllegalStateException(command.rep() + " already takes part in this session");
        }
        if (!invited.contains(command.rep())
                && !command.teams().contains(TeamId.of(queue.value()))) {
            throw new NotPermitted(command.rep() + " serves no team of the queue " + queue
                    + " and was not invited");
        }

        RepRole role = owner == null ? RepRole.OWNER : RepRole.PARTICIPANT;
        apply(new RepresentativeJoined(lsid, command.rep(), role));
    }

    /** One open invitation per rep: it closes when the rep joins. */
    @CommandHandler
    public void handle(InviteRepresentative command) {
        requireOpen();
        requireParticipant(command.by());
        if (participants.contains(command.rep())) {
            throw new IllegalStateException(command.rep() + " already takes part in this session");
        }
        if (invited.contains(command.rep())) {
            throw new IllegalStateException(command.rep() + " is invited already");
        }

        apply(new RepresentativeInvited(lsid, command.rep(), command.by()));
    }

    @CommandHandler
    public void handle(LeaveSession command) {
        requireOpen();
        requireParticipant(command.rep());

        if (command.rep().equals(controlHolder)) {
            apply(new ControlTakenBack(lsid, controlHolder, Author.system()));
        }
        // An owner who leaves while others still help hands the session to the rep who
        // joined first, rather than back to the queue with reps still in it.
        if (command.rep().equals(owner)) {
            participants.stream()
                    .filter(rep -> !rep.equals(command.rep()))
                    .findFirst()
                    .ifPresent(next -> apply(
                            new SessionTransferred(lsid, command.rep(), next, null)));
        }
        apply(new RepresentativeLeft(lsid, command.rep()));
    }

    @CommandHandler
    public void handle(TransferSession command) {
        requireOpen();
        requireParticipant(command.by());
        if (!command.by().equals(owner)) {
            throw new NotParticipating(command.by() + " does not own this session: only its"
                    + " owner transfers it");
        }
        if (command.by().equals(command.toRep())) {
            throw new IllegalArgumentException("a rep cannot transfer a session to themself");
        }
        if (command.toQueue() != null && participants.size() > 1) {
            throw new IllegalStateException("other reps take part in this session: transfer it"
                    + " to one of them, or leave it to them");
        }

        if (command.by().equals(controlHolder)) {
            apply(new ControlTakenBack(lsid, controlHolder, Author.system()));
        }
        apply(new SessionTransferred(lsid, command.by(), command.toRep(), command.toQueue()));
    }

    @CommandHandler
    public void handle(PostChatMessage command) {
        requireOpen();
        requireAuthor(command.author());

        apply(new ChatMessagePosted(lsid, command.author(), command.text()));
    }

    @CommandHandler
    public void handle(AddSessionNote command) {
        requireOpen();
        requireParticipant(command.rep());

        apply(new SessionNoteAdded(lsid, command.rep(), command.text()));
    }

    /** Returns the new request's number, which the customer's answer names. */
    @CommandHandler
    public int handle(RequestPermission command, TeamPolicies policies) {
        requireOpen();
        requireParticipant(command.rep());
        TeamPolicy policy = policy(policies);
        requirePermitted(policy, command.kind());
        if (isGranted(command.kind(), command.rep())) {
            throw new IllegalStateException(command.rep() + " already holds "
                    + command.kind() + " in this session");
        }
        boolean alreadyAsked = pending.values().stream()
                .anyMatch(p -> p.kind() == command.kind() && p.rep().equals(command.rep()));
        if (alreadyAsked) {
            throw new IllegalStateException(command.rep() + " already asked for "
                    + command.kind() + " and the customer has not answered yet");
        }

        int number = requestCount + 1;
        apply(new PermissionRequested(lsid, number, command.kind(), command.rep()));
        if (!policy.prompts(command.kind())) {
            apply(new PermissionGranted(lsid, number, command.kind(), command.rep(), true));
        }
        return number;
    }

    @CommandHandler
    public void handle(AnswerPermission command) {
        requireOpen();
        PermissionRequested request = pending.get(command.requestNumber());
        if (request == null) {
            throw new IllegalStateException("permission request " + command.requestNumber()
                    + " is not waiting for an answer");
        }

        if (command.granted()) {
            apply(new PermissionGranted(lsid, request.requestNumber(), request.kind(),
                    request.rep(), false));
        } else {
            apply(new PermissionDenied(lsid, request.requestNumber(), request.kind(),
                    request.rep()));
        }
    }

    @CommandHandler
    public void handle(GiveControl command, TeamPolicies policies) {
        requireOpen();
        requireParticipant(command.rep());
        requirePermitted(policy(policies), PermissionKind.CONTROL);
        if (!isGranted(PermissionKind.CONTROL, command.rep())) {
            throw new IllegalStateException("the customer has not granted control to "
                    + command.rep());
        }
        if (controlHolder != null) {
            throw new IllegalStateException(controlHolder + " holds control already");
        }

        apply(new ControlGiven(lsid, command.rep()));
    }

    @CommandHandler
    public void handle(TakeBackControl command) {
        requireOpen();
        requireAuthor(command.by());
        if (controlHolder == null) {
            throw new IllegalStateException("no rep holds control");
        }
        boolean byHolder = command.by().kind() == AuthorKind.REP
                && controlHolder.value().equals(command.by().name());
        if (command.by().kind() == AuthorKind.REP && !byHolder) {
            throw new NotParticipating(command.by().name() + " does not hold control: only its"
                    + " holder or the customer takes it back");
        }

        apply(new ControlTakenBack(lsid, controlHolder, command.by()));
    }

    @CommandHandler
    public void handle(CaptureSystemInformation command, TeamPolicies policies) {
        requireOpen();
        requirePermitted(policy(policies), PermissionKind.SYSTEM_INFORMATION);
        if (grants.getOrDefault(PermissionKind.SYSTEM_INFORMATION, Set.of()).isEmpty()) {
            throw new IllegalStateException(
                    "the customer has granted no rep the system information");
        }

        apply(new SystemInformationCaptured(lsid, command.sections()));
    }

    @CommandHandler
    public void handle(RecordFileTransfer command, TeamPolicies policies) {
        requireOpen();
        requireParticipant(command.rep());
        requirePermitted(policy(policies), PermissionKind.FILE_TRANSFER);
        if (!isGranted(PermissionKind.FILE_TRANSFER, command.rep())) {
            throw new IllegalStateException("the customer has not granted file transfer to "
                    + command.rep());
        }

        apply(new FileTransferred(lsid, command.rep(), command.direction(), command.fileName(),
                command.size(), command.sha256()));
    }

    @CommandHandler
    public void handle(EndSession command) {
        requireOpen();
        requireAuthor(command.by());

        if (controlHolder != null) {
            apply(new ControlTakenBack(lsid, controlHolder, Author.system()));
        }
        apply(new SessionEnded(lsid, command.by(), command.reason()));
    }

    /** Changes nothing: answers whether {@code who} may take the role now, or why not. */
    @CommandHandler
    public void handle(AuthorizeRelay command, TeamPolicies policies) {
        requireOpen();
        Author who = command.who();
        if (command.role() == RelayRole.PUBLISHER) {
            if (who.kind() != AuthorKind.CUSTOMER) {
                throw new NotParticipating("only the customer publishes the screen");
            }
            return; // who the customer is, their token proves
        }
        if (who.kind() != AuthorKind.REP) {
            throw new NotParticipating("only a rep views the screen");
        }
        RepId rep = new RepId(who.name());
        requireParticipant(rep);
        requirePermitted(policy(policies), PermissionKind.VIEW_SCREEN);
        if (!isGranted(PermissionKind.VIEW_SCREEN, rep)) {
            throw new IllegalStateException("the customer has not granted screen viewing to "
                    + rep);
        }
    }

    /** Segments are sealed as the relay writes them, up to and just after the end. */
    @CommandHandler
    public void handle(StoreRecordingSegment command) {
        requireContent();
        if (recordingsExpired) {
            throw new IllegalStateException("the session's recording expired");
        }
        apply(new RecordingSegmentStored(lsid, command.segment(), command.firstSequence(),
                command.lastSequence(), command.frames(), command.firstCapturedAt().toString(),
                command.lastCapturedAt().toString(), command.bytes(), command.sha256()));
    }

    /**
     * Gives up the recording before the rest of the content: under the recordings policy
     * when due, or (no policy) for the storage budget, the job having chosen the oldest.
     */
    @CommandHandler
    public void handle(ExpireRecordings command) {
        if (!ended) {
            throw new IllegalStateException("the session has not ended");
        }
        requireContent();
        if (held) {
            throw new IllegalStateException("the session is on legal hold");
        }
        if (recordingsExpired || recordingBytes == 0) {
            throw new IllegalStateException("the session has no recording to expire");
        }
        Instant due = command.policy() == null ? null : endedAt.plus(command.policy());
        if (due != null && command.now().isBefore(due)) {
            throw new IllegalStateException("the recording is due to expire at " + due);
        }
        apply(new RecordingsExpired(lsid, command.setting(), command.value(),
                endedAt.toString(), due == null ? null : due.toString(), recordingBytes));
    }

    @CommandHandler
    public void handle(RecordDroppedInput command) {
        requireContent();
        apply(new InputDropped(lsid, command.rep(), command.frames(),
                command.firstAt().toString()));
    }

    @CommandHandler
    public void handle(PlaceLegalHold command) {
        requireContent();
        if (held) {
            throw new IllegalStateException("the session is on legal hold already");
        }
        apply(new LegalHoldPlaced(lsid, command.by(), command.reason()));
    }

    @CommandHandler
    public void handle(ReleaseLegalHold command) {
        if (!held) {
            throw new IllegalStateException("the session is not on legal hold");
        }
        apply(new LegalHoldReleased(lsid, command.by(), command.reason()));
    }

    /**
     * Expires the content when it is due: {@code command.now()} at or after the end plus the
     * policy. The decision is the session's own, so two nodes that both find it due record
     * one expiry between them: the second append conflicts, and its retry is refused here.
     */
    @CommandHandler
    public void handle(ExpireSessionData command) {
        if (!ended) {
            throw new IllegalStateException("the session has not ended");
        }
        requireContent();
        if (held) {
            throw new IllegalStateException("the session is on legal hold");
        }
        Instant due = endedAt.plus(command.policy());
        if (command.now().isBefore(due)) {
            throw new IllegalStateException("the content is due to expire at " + due);
        }
        apply(new SessionDataExpired(lsid, command.setting(), command.policy().toString(),
                endedAt.toString(), due.toString()));
    }

    private void requireContent() {
        if (expiredAt != null) {
            throw new IllegalStateException("the content of the session expired at "
                    + expiredAt);
        }
    }

    private void requireOpen() {
        if (ended) {
            throw new IllegalStateException("the session has ended");
        }
    }

    /** The policies, as they stand now, of the teams of every queue the session was in. */
    private TeamPolicy policy(TeamPolicies policies) {
        return queues.stream().map(policies::of).reduce(TeamPolicy::and)
                .orElseGet(TeamPolicy::defaults);
    }

    private void requirePermitted(TeamPolicy policy, PermissionKind kind) {
        if (!policy.permits(kind)) {
            throw new NotPermitted("the policies of the teams " + queues + " do not all allow "
                    + kind + " (settings teams.TEAM.permissions)");
        }
    }

    private void requireParticipant(RepId rep) {
        if (!participants.contains(rep)) {
            throw new NotParticipating(rep + " does not take part in this session");
        }
    }

    /** A rep author must take part; the customer is known by name; the system always may. */
    private void requireAuthor(Author author) {
        switch (author.kind()) {
            case REP -> requireParticipant(new RepId(author.name()));
            case CUSTOMER -> {
                if (!author.name().equals(customerName)) {
                    throw new IllegalArgumentException("the customer of this session is not "
                            + author.name());
                }
            }
            case SYSTEM -> {
            }
        }
    }

    private boolean isGranted(PermissionKind kind, RepId rep) {
        return grants.getOrDefault(kind, Set.of()).contains(rep);
    }

    @EventSourcingHandler
    void on(SupportRequested event) {
        lsid = event.lsid();
        customerName = event.customerName();
        queue = event.queue();
        queues.add(event.queue());
    }

    @EventSourcingHandler
    void on(RepresentativeInvited event) {
        invited.add(event.rep());
    }

    @EventSourcingHandler
    void on(RepresentativeJoined event) {
        invited.remove(event.rep());
        participants.add(event.rep());
        if (event.role() == RepRole.OWNER) {
            owner = event.rep();
        }
    }

    @EventSourcingHandler
    void on(RepresentativeLeft event) {
        participants.remove(event.rep());
        grants.values().forEach(reps -> reps.remove(event.rep()));
        pending.values().removeIf(request -> request.rep().equals(event.rep()));
        if (event.rep().equals(owner)) {
            owner = null;
        }
    }

    @EventSourcingHandler
    void on(SessionTransferred event) {
        if (event.toRep() != null) {
            invited.remove(event.toRep());
            participants.add(event.toRep());
            owner = event.toRep();
        } else {
            queue = event.toQueue();
            queues.add(event.toQueue());
            participants.remove(event.by());
            grants.values().forEach(reps -> reps.remove(event.by()));
            pending.values().removeIf(request -> request.rep().equals(event.by()));
            owner = null;
        }
    }

    @EventSourcingHandler
    void on(PermissionRequested event) {
        requestCount = event.requestNumber();
        pending.put(event.requestNumber(), event);
    }

    @EventSourcingHandler
    void on(PermissionGranted event) {
        pending.remove(event.requestNumber());
        grants.computeIfAbsent(event.kind(), kind -> new LinkedHashSet<>()).add(event.rep());
    }

    @EventSourcingHandler
    void on(PermissionDenied event) {
        pending.remove(event.requestNumber());
    }

    @EventSourcingHandler
    void on(ControlGiven event) {
        controlHolder = event.rep();
    }

    @EventSourcingHandler
    void on(ControlTakenBack event) {
        controlHolder = null;
    }

    @EventSourcingHandler
    void on(SessionEnded event, @Timestamp Instant at) {
        ended = true;
        // The store keeps event times to the millisecond; a session just ended in this JVM
        // must decide exactly as one loaded from the store.
        endedAt = at.truncatedTo(ChronoUnit.MILLIS);
    }

    @EventSourcingHandler
    void on(RecordingSegmentStored event) {
        recordingBytes += event.bytes();
    }

    @EventSourcingHandler
    void on(RecordingsExpired event) {
        recordingsExpired = true;
    }

    @EventSourcingHandler
    void on(LegalHoldPlaced event) {
        held = true;
    }

    @EventSourcingHandler
    void on(LegalHoldReleased event) {
        held = false;
    }

    @EventSourcingHandler
    void on(SessionDataExpired event, @Timestamp Instant at) {
        expiredAt = at.truncatedTo(ChronoUnit.MILLIS);
    }
}
