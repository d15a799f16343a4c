package org.sightline.projections.sessionlog;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.audit.ChainVerificationFailed;
import org.sightline.contracts.audit.CheckpointSigned;
import org.sightline.contracts.configuration.ConfigurationChanged;
import org.sightline.contracts.console.AccountLocked;
import org.sightline.contracts.console.LoggedOut;
import org.sightline.contracts.console.LoginFailed;
import org.sightline.contracts.console.LoginSucceeded;
import org.sightline.contracts.console.PasswordChanged;
import org.sightline.contracts.console.SecondFactorEnrolled;
import org.sightline.contracts.console.LogoutReason;
import org.sightline.contracts.relay.InputDropped;
import org.sightline.contracts.relay.RecordingSegmentStored;
import org.sightline.contracts.retention.LegalHoldPlaced;
import org.sightline.contracts.retention.LegalHoldReleased;
import org.sightline.contracts.retention.RecordingsExpired;
import org.sightline.contracts.retention.SessionDataExpired;
import org.sightline.contracts.session.Author;
import org.sightline.contracts.session.ChatMessagePosted;
import org.sightline.contracts.session.ControlGiven;
import org.sightline.contracts.session.ControlTakenBack;
import org.sightline.contracts.session.FileTransferred;
import org.sightline.contracts.session.PermissionDenied;
import org.sightline.contracts.session.PermissionGranted;
import org.sightline.contracts.session.PermissionKind;
import org.sightline.contracts.session.PermissionRequested;
import org.sightline.contracts.session.RepresentativeInvited;
import org.sightline.contracts.session.RepresentativeJoined;
import org.sightline.contracts.session.RepresentativeLeft;
import org.sightline.contracts.session.SessionEnded;
import org.sightline.contracts.session.SessionNoteAdded;
import org.sightline.contracts.session.SessionTransferred;
import org.sightline.contracts.session.SupportRequested;
import org.sightline.contracts.session.SystemInformationCaptured;
import org.sightline.contracts.session.TransferDirection;

/**
 * Turns each event into the line a session log prints for it. The same text comes out for
 * the same event every time, so a rebuilt log equals the one it replaces.
 */
public final class LogLines {

    private static final Map<Class<?>, Function<AuditEvent, LogLine>> RENDERERS =
            new HashMap<>();

    static {
        on(SupportRequested.class, e -> new LogLine("customer " + e.customerName(),
                e.customerName() + (e.company() == null ? "" : " (" + e.company() + ")")
                        + " asked for help in queue " + e.queue() + " from " + e.publicIp()
                        + (e.privateIp() == null ? "" : " (private " + e.privateIp() + ")")
                        + " with the " + lower(e.clientKind()) + " client: "
                        + e.problemDescription()));
        on(RepresentativeJoined.class, e -> new LogLine("rep " + e.rep(),
                e.rep() + " joined as " + lower(e.role())));
        on(RepresentativeInvited.class, e -> new LogLine("rep " + e.by(),
                e.by() + " invited " + e.rep() + " to join"));
        on(RepresentativeLeft.class, e -> new LogLine("rep " + e.rep(), e.rep() + " left"));
        on(SessionTransferred.class, e -> new LogLine("rep " + e.by(),
                e.by() + " transferred the session to "
                        + (e.toRep() != null ? "rep " + e.toRep() : "queue " + e.toQueue())));
        on(ChatMessagePosted.class, e -> new LogLine(actor(e.author()),
                e.author().name() + " said: " + e.text()));
        on(SessionNoteAdded.class, e -> new LogLine("rep " + e.rep(),
                e.rep() + " noted: " + e.text()));
        on(PermissionRequested.class, e -> new LogLine("rep " + e.rep(),
                e.rep() + " asked for " + permission(e.kind()) + " (request " + e.requestNumber()
                        + ")"));
        on(PermissionGranted.class, e -> e.byPolicy()
                ? new LogLine("system", "the team's policy granted " + permission(e.kind())
                        + " to " + e.rep() + " without asking the customer (request "
                        + e.requestNumber() + ")")
                : new LogLine("customer", "the customer granted " + permission(e.kind())
                        + " to " + e.rep() + " (request " + e.requestNumber() + ")"));
        on(PermissionDenied.class, e -> new LogLine("customer",
                "the customer denied " + permission(e.kind()) + " to " + e.rep() + " (request "
                        + e.requestNumber() + ")"));
        on(ControlGiven.class, e -> new LogLine("rep " + e.rep(),
                e.rep() + " took control of the screen"));
        on(ControlTakenBack.class, e -> new LogLine(actor(e.by()), switch (e.by().kind()) {
            case CUSTOMER -> "the customer took control back from " + e.rep();
            case REP -> e.rep() + " gave control back to the customer";
            case SYSTEM -> "control returned to the customer from " + e.rep();
        }));
        on(SystemInformationCaptured.class, e -> new LogLine("customer",
                "system information captured: " + e.sections().stream()
                        .map(section -> section.name() + " (" + count(section.values().size(),
                                "value") + ")")
                        .collect(Collectors.joining(", "))));
        on(FileTransferred.class, e -> new LogLine("rep " + e.rep(),
                e.rep() + " sent " + e.fileName() + " (" + e.size() + " bytes, SHA-256 "
                        + e.sha256() + ") " + (e.direction() == TransferDirection.TO_CUSTOMER
                        ? "to the customer" : "from the customer")));
        on(RecordingSegmentStored.class, e -> new LogLine("system",
                "recording segment " + e.segment() + " sealed: " + count(e.frames(), "frame")
                        + " from " + e.firstCapturedAt() + " to " + e.lastCapturedAt() + ", "
                        + e.bytes() + " bytes, SHA-256 " + e.sha256()));
        on(InputDropped.class, e -> new LogLine("rep " + e.rep(),
                "input from " + e.rep() + " without control was dropped: "
                        + count(e.frames(), "frame") + " from " + e.firstAt()));
        on(SessionEnded.class, e -> new LogLine(actor(e.by()),
                "the session ended by " + actor(e.by())
                        + (e.reason() == null ? "" : ": " + e.reason())));
        on(LoginSucceeded.class, e -> new LogLine("account " + e.account(),
                e.account() + " signed in with role " + lower(e.role())
                        + (e.teams() == null || e.teams().isEmpty() ? ""
                                : " for teams " + String.join(", ", e.teams()))
                        + " from " + e.sourceIp() + " by " + e.method()));
        on(AccountLocked.class, e -> new LogLine("system",
                "the account " + e.account() + " is locked until " + e.lockedUntil() + " after "
                        + count(e.failures(), "failed sign-in") + " in a row"));
        on(PasswordChanged.class, e -> new LogLine("account " + e.account(),
                e.account() + " replaced the account's password"));
        on(SecondFactorEnrolled.class, e -> new LogLine("account " + e.account(),
                e.account() + " enrolled a one-time password authenticator"));
        on(LoginFailed.class, e -> new LogLine("unauthenticated",
                "sign-in as " + e.attemptedAccount() + " from " + e.sourceIp()
                        + " refused: " + lower(e.reason())));
        on(LoggedOut.class, e -> new LogLine("account " + e.account(),
                e.reason() == LogoutReason.EXPIRED
                        ? "the console session of " + e.account() + " expired"
                        : e.reason() == LogoutReason.PASSWORD_CHANGED
                        ? "the console session of " + e.account()
                                + " ended: the account's password was replaced"
                        : e.account() + " signed out"));
        on(ConfigurationChanged.class, e -> new LogLine("account " + e.changedBy(),
                e.changedBy() + " changed " + e.setting() + " from "
                        + (e.oldValue() == null ? "unset" : "'" + e.oldValue() + "'") + " to '"
                        + e.newValue() + "'"));
        on(LegalHoldPlaced.class, e -> new LogLine("account " + e.by(),
                e.by() + " placed a legal hold: " + e.reason()));
        on(LegalHoldReleased.class, e -> new LogLine("account " + e.by(),
                e.by() + " released the legal hold: " + e.reason()));
        on(SessionDataExpired.class, e -> new LogLine("system",
                "the session's content expired under " + e.setting() + " = " + e.policy()
                        + " (ended " + e.endedAt() + ", due " + e.dueAt()
                        + "): its data key is destroyed"));
        on(RecordingsExpired.class, e -> new LogLine("system",
                "the session's recording expired under " + e.setting() + " = " + e.value()
                        + " (" + e.bytes() + " bytes" + (e.dueAt() == null ? ""
                        : ", ended " + e.endedAt() + ", due " + e.dueAt())
                        + "): its files are deleted"));
        on(CheckpointSigned.class, e -> new LogLine("system", "checkpoint " + e.checkpointId()
                + " signed over " + count(e.streams(), "stream") + " with key " + e.keyId()
                + ": Merkle root " + e.merkleRoot()));
        on(ChainVerificationFailed.class, e -> new LogLine("system", "the chain of "
                + e.stream() + " does not verify: " + e.problem()));
    }

    private LogLines() {
    }

    /** The line of an event; fails for an event class this class cannot render. */
    public static LogLine of(AuditEvent event) {
        Function<AuditEvent, LogLine> renderer = RENDERERS.get(event.getClass());
        if (renderer == null) {
            throw new IllegalArgumentException("no log line for " + event.getClass().getName());
        }
        return renderer.apply(event);
    }

    /** Whether events of this class have a line. */
    public static boolean renders(Class<?> eventClass) {
        return RENDERERS.containsKey(eventClass);
    }

    private static <E extends AuditEvent> void on(Class<E> type, Function<E, LogLine> render) {
        RENDERERS.put(type, event -> render.apply(type.cast(event)));
    }

    private static String actor(Author author) {
        return switch (author.kind()) {
            case CUSTOMER -> "customer " + author.name();
            case REP -> "rep " + author.name();
            case SYSTEM -> "system";
        };
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String permission(PermissionKind kind) {
        return lower(kind);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
