package org.sightline.projections.alert;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.audit.ChainVerificationFailed;
import org.sightline.contracts.catalogue.EventType;
import org.sightline.contracts.configuration.ConfigurationChanged;
import org.sightline.contracts.console.AccountLocked;
import org.sightline.contracts.console.LoggedOut;
import org.sightline.contracts.console.LoginFailed;
import org.sightline.contracts.console.LoginSucceeded;
import org.sightline.contracts.console.PasswordChanged;
import org.sightline.contracts.console.SecondFactorEnrolled;

/**
 * What a mail says about one event: its type, time, LSID and the fields an admin acts on.
 *
 * <p>Never a session's content (chat, notes, names, files, system information) and never a
 * secret: only the fields named here, and for events not named, nothing but type, time and
 * LSID. The full record is in the store, under the event's id.
 */
record Alert(EventType type, Instant at, String lsid, String eventId,
        Map<String, String> details) {

    Alert {
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    static Alert of(AuditEvent event, EventType type, Instant at, String eventId) {
        Map<String, String> details = new LinkedHashMap<>();
        if (event instanceof AccountLocked locked) {
            details.put("account", locked.account());
            details.put("locked until", locked.lockedUntil());
            details.put("failed attempts", Integer.toString(locked.failures()));
        } else if (event instanceof LoginFailed failed) {
            details.put("account", failed.attemptedAccount());
            details.put("reason", failed.reason() == null ? null : failed.reason().name());
            details.put("from address", failed.sourceIp());
        } else if (event instanceof LoginSucceeded login) {
            details.put("account", login.account());
            details.put("method", login.method());
            details.put("from address", login.sourceIp());
        } else if (event instanceof LoggedOut out) {
            details.put("account", out.account());
        } else if (event instanceof PasswordChanged changed) {
            details.put("account", changed.account());
        } else if (event instanceof SecondFactorEnrolled enrolled) {
            details.put("account", enrolled.account());
        } else if (event instanceof ConfigurationChanged change) {
            details.put("setting", change.setting());
            details.put("changed by", change.changedBy());
        } else if (event instanceof ChainVerificationFailed failed) {
            details.put("stream", failed.stream());
            details.put("what", failed.kind());
            details.put("at sequence", Long.toString(failed.seq()));
            details.put("problem", failed.problem());
        }
        details.values().removeIf(java.util.Objects::isNull);
        return new Alert(type, at, event.lsid().value(), eventId, details);
    }
}
