package org.sightline.relay;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.RepId;
import org.sightline.contracts.relay.AuthorizeRelay;
import org.sightline.contracts.relay.RelayRole;
import org.sightline.contracts.relay.RelayToken;
import org.sightline.contracts.relay.SessionContentKeys;
import org.sightline.contracts.session.Author;
import org.sightline.contracts.session.AuthorKind;
import org.sightline.contracts.session.ControlGiven;
import org.sightline.contracts.session.ControlTakenBack;
import org.sightline.contracts.session.TakeBackControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The relay sessions of this node, by LSID. A session is made when its first connection
 * arrives, knowing from the session's events who holds control, and forgotten when its last
 * connection goes.
 */
@Component
public class RelayHub {

    private static final Logger LOG = LoggerFactory.getLogger(RelayHub.class);
    /** Tries of a relay command that meets a concurrent append by another node. */
    private static final int CONFLICT_ATTEMPTS = 5;

    private final Map<Lsid, RelaySession> sessions = new ConcurrentHashMap<>();
    private final Map<String, History> history = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, History> eldest) {
            return size() > 1000;
        }
    };
    private final EventStore events;
    private final CommandGateway commands;
    private final SessionContentKeys keys;
    private final RelaySettings settings;
    private final Clock clock;
    private final Duration tokenTtl;
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    /** Accounts that signed out lately, with when: their earlier relay tokens are void. */
    private final Map<String, Instant> signedOut = new ConcurrentHashMap<>();

    RelayHub(EventStore events, CommandGateway commands, SessionContentKeys keys,
            RelaySettings settings, Clock clock,
            @Value("${sightline.relay.token-ttl:PT60S}") Duration tokenTtl) {
        this.events = events;
        this.commands = commands;
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
        this.tokenTtl = tokenTtl;
    }

    /**
     * An account signed out at {@code at}: every viewer token it was issued before then is
     * refused from now on (a token lives {@code sightline.relay.token-ttl}, so the entry is
     * kept that long).
     */
    void signedOut(String account, Instant at) {
        signedOut.merge(account, at, (old, now) -> now.isAfter(old) ? now : old);
        Instant forgotten = clock.instant().minus(tokenTtl);
        signedOut.values().removeIf(when -> when.isBefore(forgotten));
    }

    /** A session's refusal of a relay connection. */
    static final class Refused extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Refused(Throwable cause) {
            super(cause.getMessage(), cause);
        }    }

    /**
     * Asks the session whether the token's holder may still take its role: a rep who left,
     * or any connection after the end, is refused ({@link Refused}).
     */
    Mono<Void> authorize(RelayToken token) {
        Instant out = signedOut.get(token.subject());
        if (token.role() == RelayRole.VIEWER && out != null
                && !token.expiresAt().minus(tokenTtl).isAfter(out)) {
            return Mono.error(new Refused(new IllegalStateException(token.subject()
                    + " signed out after this relay token was issued")));
        }
        Author who = token.role() == RelayRole.PUBLISHER
                ? new Author(AuthorKind.CUSTOMER, token.subject())
                : Author.rep(RepId.of(token.subject()));
        // Axon handles the command on the sending thread, with JDBC: never an event loop's.
        return Mono.fromFuture(() -> this.<Object>send(new AuthorizeRelay(token.lsid(), who,
                        token.role())))
                .subscribeOn(Schedulers.boundedElastic())
                .then()
                .onErrorMap(RelayHub::refusal);
    }

    /**
     * Gives control back to the customer after its holder signed out. Several nodes may try;
     * the session takes it back once and refuses the others, which is fine.
     */
    void returnControl(Lsid lsid) {
        // Sent from a thread of its own: on the tracking processor's thread the command's
        // unit of work would nest in the processor's, which has committed already.
        Schedulers.boundedElastic().schedule(() -> send(
                        new TakeBackControl(lsid, Author.system()))
                .exceptionally(failure -> {
                    LOG.debug("Control of {} was not taken back: {}", lsid,
                            failure.getMessage());
                    return null;
                }));
    }

    /**
     * Sends one of the relay's commands. When another node appended to the session at that
     * moment (a web node taking a rep's command, with the relay on a node of its own), the
     * store refuses the second append as a conflict: the command is then tried again on the
     * session's new state, so that no recording segment or dropped input goes unrecorded.
     */
    private <R> CompletableFuture<R> send(Object command) {
        CompletableFuture<R> result = new CompletableFuture<>();
        attempt(command, 1, result);
        return result;
    }

    private <R> void attempt(Object command, int attempt, CompletableFuture<R> result) {
        commands.<R>send(command).whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else if (attempt < CONFLICT_ATTEMPTS && isConflict(failure)) {
                LOG.debug("{} met a concurrent append; attempt {}", command.getClass()
                        .getSimpleName(), attempt + 1);
                attempt(command, attempt + 1, result);
            } else {
                result.completeExceptionally(failure);
            }
        });
    }

    private static boolean isConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The session's refusal (its rules throw IllegalStateException; an unknown LSID is not
     * found) as {@link Refused}; any other failure, such as an unreachable database, as is.
     */
    private static Throwable refusal(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException
                || cause instanceof CommandExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof IllegalStateException
                || cause instanceof AggregateNotFoundException ? new Refused(cause) : failure;
    }

    /** The session's relay, made (with its control holder read from its events) if none. */
    RelaySession open(Lsid lsid) {
        return sessions.computeIfAbsent(lsid, id -> new RelaySession(id, holderOf(id), clock,
                dropped -> send(dropped).exceptionally(failure -> {
                    LOG.warn("Could not record dropped input of {} in {}: {}", dropped.rep(),
                            id, failure.toString());
                    return null;
                })));
    }

    /** Forgets the session's relay once nobody is connected to it. */
    void closeIfIdle(RelaySession session) {
        sessions.computeIfPresent(session.lsid(), (id, current) -> {
            if (!current.idle()) {
                return current;
            }
            current.peakQueueBytes().forEach((who, peak) -> history(id, who).peak = peak);
            current.closeCodes().forEach((who, code) -> history(id, who).closeCode = code);
            return null;
        });
    }

    /**
     * The most bytes ever queued for one connection of a session ({@code customer} or a rep's
     * name) on this node; 0 if none. For operators and tests: the relay's memory bound.
     */
    public long peakQueueBytes(Lsid lsid, String who) {
        long live = find(lsid).map(session -> session.peakQueueBytes().getOrDefault(who, 0L))
                .orElse(0L);
        History past = gone(lsid, who);
        return Math.max(live, past == null ? 0 : past.peak);
    }

    /** The code this node's relay last closed a viewer of the session with, if it did. */
    public Optional<Integer> closeCode(Lsid lsid, String who) {
        Optional<Integer> live = find(lsid).map(session -> session.closeCodes().get(who));
        if (live.isPresent()) {
            return live;
        }
        History past = gone(lsid, who);
        return Optional.ofNullable(past == null ? null : past.closeCode);
    }

    /** What is remembered of a connection after its relay session closed: a few recent ones. */
    private static final class History {
        long peak;
        Integer closeCode;
    }

    private History history(Lsid lsid, String who) {
        synchronized (history) {
            return history.computeIfAbsent(lsid.value() + "/" + who, key -> new History());
        }
    }

    private History gone(Lsid lsid, String who) {
        synchronized (history) {
            return history.get(lsid.value() + "/" + who);
        }
    }

    /** How many sessions have a connection on this node now. For operators' metrics. */
    public int openSessionCount() {
        return sessions.size();
    }

    /** Bytes of frames this node's relay received from publishers and viewers since start. */
    public long bytesReceived() {
        return bytesReceived.sum();
    }

    /** Bytes of frames this node's relay handed to its connections' sockets since start. */
    public long bytesSent() {
        return bytesSent.sum();
    }

    void received(int bytes) {
        bytesReceived.add(bytes);
    }

    void sent(int bytes) {
        bytesSent.add(bytes);
    }

    /** The sessions with a connection on this node. */
    Set<Lsid> openSessions() {
        return Set.copyOf(sessions.keySet());
    }

    Optional<RelaySession> find(Lsid lsid) {
        return Optional.ofNullable(sessions.get(lsid));
    }

    /** A recorder for a publisher's connection, writing under the session's directory. */
    Recorder recorder(Lsid lsid) {
        return new Recorder(recordings(lsid), lsid, keys.keyForWriting(lsid),
                settings.segmentBytes(), sealed -> send(sealed)
                        .exceptionally(failure -> {
                            LOG.error("Recording segment {} of {} was sealed but could not be"
                                    + " recorded as an event: {}", sealed.segment(), lsid,
                                    failure.toString());
                            return null;
                        }));
    }

    Path recordings(Lsid lsid) {
        return settings.recordingsDirectory().resolve(lsid.value());
    }

    RelaySettings settings() {
        return settings;
    }

    Clock clock() {
        return clock;
    }

    private String holderOf(Lsid lsid) {
        String holder = null;
        var stream = events.readEvents(lsid.value());
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (event.getPayload() instanceof ControlGiven given) {
                holder = given.rep().value();
            } else if (event.getPayload() instanceof ControlTakenBack) {
                holder = null;
            }
        }
        return holder;
    }
}
