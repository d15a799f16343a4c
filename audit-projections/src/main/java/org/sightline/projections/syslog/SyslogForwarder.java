package org.sightline.projections.syslog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.audit.ChainVerificationFailed;
import org.sightline.contracts.audit.CheckpointSigned;
import org.sightline.contracts.catalogue.EventType;
import org.sightline.contracts.configuration.ConfigurationChanged;
import org.sightline.contracts.console.AccountLocked;
import org.sightline.contracts.console.LoggedOut;
import org.sightline.contracts.console.LoginFailed;
import org.sightline.contracts.console.LoginSucceeded;
import org.sightline.contracts.console.PasswordChanged;
import org.sightline.contracts.console.SecondFactorEnrolled;
import org.sightline.contracts.retention.LegalHoldPlaced;
import org.sightline.contracts.retention.LegalHoldReleased;
import org.sightline.contracts.retention.SessionDataExpired;
import org.sightline.projections.sessionlog.LogLine;
import org.sightline.projections.sessionlog.LogLines;
import org.sightline.projections.syslog.SyslogSettings.Category;
import org.sightline.projections.syslog.SyslogSettings.Destination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the events of its categories to one syslog destination, in store order, from its
 * own tracking processor.
 *
 * <p>A send that fails throws, so the processor keeps its position and tries again with
 * growing pauses: a receiver that is down delays its messages and loses none. A batch is
 * confirmed before the processor's position moves past it; a batch that fails is sent again
 * whole, so a receiver can see a message twice, never miss one. Other destinations and the
 * commands do not wait for it.
 */
public final class SyslogForwarder {

    private static final Logger LOG = LoggerFactory.getLogger(SyslogForwarder.class);

    private final Destination destination;
    private final Rfc5424 format;
    private final SyslogTransport transport;

    SyslogForwarder(Destination destination, Rfc5424 format, SyslogTransport transport) {
        this.destination = destination;
        this.format = format;
        this.transport = transport;
    }

    @EventHandler
    void on(AuditEvent event, EventMessage<?> message) {
        EventType type = EventType.of(event);
        if (!destination.categories().contains(categoryOf(type))) {
            return;
        }

        byte[] formatted = format.format(type.severity().syslogCode(), message.getTimestamp(),
                type.typeName(), parameters(event, type, message.getIdentifier()),
                LogLines.of(event).text(), destination.maxBytes());
        commitWithTheBatch();
        try {
            transport.send(formatted);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /**
     * The batch's messages count as sent only if the transport confirms them before the
     * processor stores its new position; if it cannot, the batch rolls back and comes again.
     */
    private void commitWithTheBatch() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        batch.getOrComputeResource("syslog-commit-" + destination.name(), key -> {
            batch.onPrepareCommit(unit -> {
                try {
                    transport.commit();
                } catch (IOException e) {
                    throw unreachable(e);
                }
            });
            return Boolean.TRUE;
        });
    }

    private UncheckedIOException unreachable(IOException e) {
        LOG.warn("Syslog destination {} is unreachable, will retry: {}", destination.name(),
                e.toString());
        return new UncheckedIOException(e);
    }

    static Category categoryOf(EventType type) {
        String area = type.typeName().substring(0, type.typeName().indexOf('.'));
        return switch (area) {
            case "console" -> Category.AUTH;
            case "config" -> Category.CONFIGURATION;
            case "audit" -> Category.CHECKPOINT;
            case "retention" -> Category.RETENTION;
            default -> Category.SESSION;
        };
    }

    private static Map<String, String> parameters(AuditEvent event, EventType type,
            String eventId) {
        LogLine line = LogLines.of(event);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("event_id", eventId);
        params.put("lsid", event.lsid().value());
        params.put("code", Integer.toString(type.code()));
        params.put("who", who(event, line));
        params.put("who_ip", whoIp(event));
        if (event instanceof LoginSucceeded login) {
            params.put("method", login.method());
            params.put("role", login.role() == null ? null : login.role().name());
        }
        if (event instanceof LoginFailed failed) {
            params.put("reason", failed.reason() == null ? null : failed.reason().name());
        }
        if (event instanceof AccountLocked locked) {
            params.put("locked_until", locked.lockedUntil());
            params.put("failures", Integer.toString(locked.failures()));
        }
        if (event instanceof ConfigurationChanged change) {
            params.put("setting", change.setting());
            params.put("old_value", change.oldValue());
            params.put("new_value", change.newValue());
        }
        if (event instanceof SessionDataExpired expired) {
            params.put("setting", expired.setting());
            params.put("policy", expired.policy());
            params.put("ended_at", expired.endedAt());
            params.put("due_at", expired.dueAt());
        }
        if (event instanceof ChainVerificationFailed failed) {
            params.put("stream", failed.stream());
            params.put("kind", failed.kind());
            params.put("seq", Long.toString(failed.seq()));
        }
        if (event instanceof CheckpointSigned checkpoint) {
            params.put("checkpoint_id", Long.toString(checkpoint.checkpointId()));
            params.put("created_at", checkpoint.createdAt());
            params.put("streams", Integer.toString(checkpoint.streams()));
            params.put("merkle_root", checkpoint.merkleRoot());
            params.put("previous_digest", checkpoint.previousDigest());
            params.put("key_id", checkpoint.keyId());
            params.put("signature", checkpoint.signature());
        }
        return params;
    }

    /** The account for console and configuration events; the log's actor otherwise. */
    private static String who(AuditEvent event, LogLine line) {
        if (event instanceof LoginSucceeded login) {
            return login.account();
        }
        if (event instanceof LoginFailed failed) {
            return failed.attemptedAccount();
        }
        if (event instanceof LoggedOut out) {
            return out.account();
        }
        if (event instanceof AccountLocked locked) {
            return locked.account();
        }
        if (event instanceof PasswordChanged changed) {
            return changed.account();
        }
        if (event instanceof SecondFactorEnrolled enrolled) {
            return enrolled.account();
        }
        if (event instanceof ConfigurationChanged change) {
            return change.changedBy();
        }
        if (event instanceof LegalHoldPlaced hold) {
            return hold.by();
        }
        if (event instanceof LegalHoldReleased release) {
            return release.by();
        }
        return line.actor();
    }

    /** The address a sign-in came from; absent for events that do not record one. */
    private static String whoIp(AuditEvent event) {
        if (event instanceof LoginSucceeded login) {
            return login.sourceIp();
        }
        if (event instanceof LoginFailed failed) {
            return failed.sourceIp();
        }
        return null;
    }

    Destination destination() {
        return destination;
    }

    /** Closes the connection; called once, when the application stops. */
    void close() {
        transport.close();
    }
}
