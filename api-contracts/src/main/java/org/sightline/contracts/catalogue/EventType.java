package org.sightline.contracts.catalogue;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
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
import org.sightline.contracts.relay.InputDropped;
import org.sightline.contracts.relay.RecordingSegmentStored;
import org.sightline.contracts.retention.LegalHoldPlaced;
import org.sightline.contracts.retention.LegalHoldReleased;
import org.sightline.contracts.retention.RecordingsExpired;
import org.sightline.contracts.retention.SessionDataExpired;
import org.sightline.contracts.session.ChatMessagePosted;
import org.sightline.contracts.session.ControlGiven;
import org.sightline.contracts.session.ControlTakenBack;
import org.sightline.contracts.session.FileTransferred;
import org.sightline.contracts.session.PermissionDenied;
import org.sightline.contracts.session.PermissionGranted;
import org.sightline.contracts.session.PermissionRequested;
import org.sightline.contracts.session.RepresentativeInvited;
import org.sightline.contracts.session.RepresentativeJoined;
import org.sightline.contracts.session.RepresentativeLeft;
import org.sightline.contracts.session.SessionEnded;
import org.sightline.contracts.session.SessionNoteAdded;
import org.sightline.contracts.session.SessionTransferred;
import org.sightline.contracts.session.SupportRequested;
import org.sightline.contracts.session.SystemInformationCaptured;

/**
 * The audit event catalogue: every event Sightline stores, with a stable name, a unique
 * numeric code and a severity.
 *
 * <p>Names and codes never change once released: session logs, syslog feeds and exports
 * carry them. Codes are grouped by area: 1xxx support sessions, 2xxx console sessions,
 * 3xxx site configuration, 4xxx the audit trail itself, 5xxx retention of session content.
 */
public enum EventType {
    SUPPORT_REQUESTED("session.requested", 1001, Severity.INFO, SupportRequested.class),
    REPRESENTATIVE_JOINED("session.rep.joined", 1002, Severity.INFO, RepresentativeJoined.class),
    REPRESENTATIVE_LEFT("session.rep.left", 1003, Severity.INFO, RepresentativeLeft.class),
    SESSION_TRANSFERRED("session.transferred", 1004, Severity.INFO, SessionTransferred.class),
    REPRESENTATIVE_INVITED(
            "session.rep.invited", 1005, Severity.INFO, RepresentativeInvited.class),
    CHAT_MESSAGE_POSTED("session.chat", 1010, Severity.INFO, ChatMessagePosted.class),
    SESSION_NOTE_ADDED("session.note", 1011, Severity.INFO, SessionNoteAdded.class),
    PERMISSION_REQUESTED(
            "session.permission.requested", 1020, Severity.INFO, PermissionRequested.class),
    PERMISSION_GRANTED(
            "session.permission.granted", 1021, Severity.NOTICE, PermissionGranted.class),
    PERMISSION_DENIED("session.permission.denied", 1022, Severity.NOTICE, PermissionDenied.class),
    CONTROL_GIVEN("session.control.given", 1030, Severity.NOTICE, ControlGiven.class),
    CONTROL_TAKEN_BACK("session.control.taken-back", 1031, Severity.NOTICE, ControlTakenBack.class),
    SYSTEM_INFORMATION_CAPTURED(
            "session.system-information", 1040, Severity.INFO, SystemInformationCaptured.class),
    FILE_TRANSFERRED("session.file", 1050, Severity.NOTICE, FileTransferred.class),
    RECORDING_SEGMENT_STORED(
            "session.recording.segment", 1060, Severity.INFO, RecordingSegmentStored.class),
    INPUT_DROPPED("session.input.dropped", 1061, Severity.WARNING, InputDropped.class),
    SESSION_ENDED("session.ended", 1099, Severity.INFO, SessionEnded.class),
    LOGIN_SUCCEEDED("console.login", 2001, Severity.INFO, LoginSucceeded.class),
    LOGIN_FAILED("console.login.failed", 2002, Severity.WARNING, LoginFailed.class),
    LOGGED_OUT("console.logout", 2003, Severity.INFO, LoggedOut.class),
    ACCOUNT_LOCKED("console.account.locked", 2004, Severity.WARNING, AccountLocked.class),
    PASSWORD_CHANGED("console.password.changed", 2005, Severity.NOTICE, PasswordChanged.class),
    SECOND_FACTOR_ENROLLED(
            "console.second-factor.enrolled", 2006, Severity.NOTICE, SecondFactorEnrolled.class),
    CONFIGURATION_CHANGED("config.changed", 3001, Severity.NOTICE, ConfigurationChanged.class),
    CHECKPOINT_SIGNED("audit.checkpoint", 4001, Severity.NOTICE, CheckpointSigned.class),
    CHAIN_VERIFICATION_FAILED(
            "audit.chain.failed", 4002, Severity.ALERT, ChainVerificationFailed.class),
    LEGAL_HOLD_PLACED("retention.hold.placed", 5001, Severity.NOTICE, LegalHoldPlaced.class),
    LEGAL_HOLD_RELEASED(
            "retention.hold.released", 5002, Severity.NOTICE, LegalHoldReleased.class),
    SESSION_DATA_EXPIRED("retention.expired", 5003, Severity.NOTICE, SessionDataExpired.class),
    RECORDINGS_EXPIRED(
            "retention.recordings.expired", 5004, Severity.NOTICE, RecordingsExpired.class);

    private static final Map<Class<?>, EventType> BY_CLASS = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::eventClass, Function.identity()));

    private final String typeName;
    private final int code;
    private final Severity severity;
    private final Class<? extends AuditEvent> eventClass;

    EventType(String typeName, int code, Severity severity,
            Class<? extends AuditEvent> eventClass) {
        this.typeName = typeName;
        this.code = code;
        this.severity = severity;
        this.eventClass = eventClass;
    }

    /** The entry of an event's class; empty for a class that is not in the catalogue. */
    public static Optional<EventType> of(Class<?> eventClass) {
        return Optional.ofNullable(BY_CLASS.get(eventClass));
    }

    /** The entry of an event, which must be in the catalogue. */
    public static EventType of(AuditEvent event) {
        return of(event.getClass()).orElseThrow(() -> new IllegalArgumentException(
                event.getClass().getName() + " is missing from the event catalogue"));
    }

    /** The stable name, such as {@code session.chat}, used in logs, syslog and exports. */
    public String typeName() {
        return typeName;
    }

    /** The unique numeric code. */
    public int code() {
        return code;
    }

    public Severity severity() {
        return severity;
    }

    public Class<? extends AuditEvent> eventClass() {
        return eventClass;
    }
}
