package org.sightline.query.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.sightline.contracts.Caller;
import org.sightline.contracts.Lsid;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the pages follow while a session runs, as Server-Sent Events read from the read
 * models: a session's log as it grows, the queue a rep takes sessions from, and the
 * customer's place in the queue.
 *
 * <p>Every node serves these from the shared database, so a page may follow a session that
 * another node changes. A stream ends after {@link #STREAM_LIFETIME}; the page reconnects
 * with {@code Last-Event-ID} and its token is checked again; a console user's stream ends
 * within {@link #SIGN_OUT_CHECK} of signing out. Streams do not count as the user's activity
 * (see {@code BearerTokenFilter}), so they keep no idle console signed in.
 */
@RestController
class LiveController {

    static final Duration POLL = Duration.ofMillis(300);
    static final Duration QUEUE_POLL = Duration.ofSeconds(1);
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    static final Duration STREAM_LIFETIME = Duration.ofMinutes(5);
    static final Duration SIGN_OUT_CHECK = Duration.ofSeconds(2);
    private static final int BATCH = 200;

    /**
     * The events a customer sees of their own session: not the reps' notes and
     * invitations, not the recording's bookkeeping, not retention.
     */
    static final Set<String> CUSTOMER_TYPES = Set.of("session.requested", "session.rep.joined",
            "session.rep.left", "session.transferred", "session.chat",
            "session.permission.requested", "session.permission.granted",
            "session.permission.denied", "session.control.given", "session.control.taken-back",
            "session.system-information", "session.file", "session.ended");

    private final SessionReadModels readModels;

    LiveController(SessionReadModels readModels) {
        this.readModels = readModels;
    }

    /**
     * The session's log from after {@code Last-Event-ID} (or {@code after}), then each new
     * entry as it is stored: {@code event: log}, {@code id} the entry's position. The
     * customer of the session sees the customer's part of it; console users see what
     * {@code GET /api/sessions/{lsid}/log} shows them.
     */
    @GetMapping(value = "/api/sessions/{lsid}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Object>> events(@PathVariable Lsid lsid,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(required = false) String after,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller,
            @RequestAttribute(name = Caller.EXPIRES_ATTRIBUTE, required = false)
            Instant expiresAt) {
        return allowed(lsid, caller).flatMapMany(customer -> {
            AtomicLong last = new AtomicLong(position(lastEventId != null ? lastEventId : after));
            Flux<ServerSentEvent<Object>> entries = Flux.interval(Duration.ZERO, POLL)
                    .onBackpressureDrop()
                    .concatMap(tick -> readModels.logAfter(lsid.value(), last.get(), BATCH)
                            .doOnNext(entry -> last.set(entry.position())), 1)
                    .filter(entry -> !customer || CUSTOMER_TYPES.contains(entry.type()))
                    .map(entry -> ServerSentEvent.<Object>builder(entry)
                            .event("log")
                            .id(Long.toString(entry.position()))
                            .build());
            return withHeartbeat(entries, caller, expiresAt);
        });
    }

    record QueuePosition(String lsid, String queue, Integer position, int waiting,
            String owner, boolean ended) {
    }

    /**
     * Where the session stands in its queue: {@code position} counts from 1 and is absent
     * once a rep owns it or it ended; {@code waiting} is how many wait in that queue.
     */
    @GetMapping("/api/sessions/{lsid}/position")
    Mono<QueuePosition> position(@PathVariable Lsid lsid,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        return allowed(lsid, caller).flatMap(customer -> readModels.session(lsid.value()))
                .switchIfEmpty(Mono.error(() -> new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "session " + lsid + " is not listed yet")))
                .flatMap(found -> readModels.queuePosition(found)
                        .map(place -> new QueuePosition(found.lsid(), found.queue(),
                                place.position(), place.waiting(), found.owner(),
                                found.endedAt() != null)));
    }

    record QueueView(List<SessionSummary> waiting, List<SessionReadModels.Invitation> invitations) {
    }

    /**
     * The queue for the rep console: {@code event: queue} with the waiting sessions (oldest
     * first) and the caller's open invitations, sent at once and again whenever either
     * changes.
     */
    @GetMapping(value = "/api/queue/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Object>> queue(
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller,
            @RequestAttribute(name = Caller.EXPIRES_ATTRIBUTE, required = false)
            Instant expiresAt) {
        QueueController.requireConsole(caller);
        Visibility visibility = Visibility.of(caller);
        Flux<ServerSentEvent<Object>> views = Flux.interval(Duration.ZERO, QUEUE_POLL)
                .onBackpressureDrop()
                .concatMap(tick -> Mono.zip(
                        readModels.waiting(null, visibility).collectList(),
                        readModels.invitations(caller.name()).collectList(), QueueView::new), 1)
                .distinctUntilChanged()
                .map(view -> ServerSentEvent.<Object>builder(view).event("queue").build());
        return withHeartbeat(views, caller, expiresAt);
    }

    /** Whether the caller is the session's customer (true) or a console user who sees it. */
    private Mono<Boolean> allowed(Lsid lsid, Caller caller) {
        if (caller == null) {
            return Mono.error(new ResponseStatusException(HttpStatus.UNAUTHORIZED,
                    "a valid bearer token is required"));
        }
        if (caller.isCustomerOf(lsid)) {
            return Mono.just(true);
        }
        if (caller.kind() == Caller.Kind.CUSTOMER) {
            return Mono.error(new ResponseStatusException(HttpStatus.FORBIDDEN,
                    "a customer follows only their own session"));
        }
        Visibility visibility = Visibility.of(caller);
        return readModels.session(lsid.value())
                .switchIfEmpty(Mono.error(() -> new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "no session " + lsid)))
                .flatMap(found -> visibility.sees(found)
                        ? Mono.just(false)
                        : Mono.error(visibility.refusal(lsid.value())));
    }

    /**
     * The events with a comment every {@link #HEARTBEAT}, for {@link #STREAM_LIFETIME} at
     * most and no longer than the caller's token works as it stands (streams do not extend
     * it; the page reconnects, which checks it again), and for a console user only until
     * their console session signs out.
     */
    private Flux<ServerSentEvent<Object>> withHeartbeat(Flux<ServerSentEvent<Object>> events,
            Caller caller, Instant expiresAt) {
        Flux<ServerSentEvent<Object>> beats = Flux.interval(HEARTBEAT)
                .onBackpressureDrop()
                .map(tick -> ServerSentEvent.builder().comment("keep-alive").build());
        Duration lifetime = STREAM_LIFETIME;
        if (expiresAt != null) {
            Duration left = Duration.between(Instant.now(), expiresAt);
            lifetime = left.isNegative() ? Duration.ZERO
                    : left.compareTo(lifetime) < 0 ? left : lifetime;
        }
        Flux<ServerSentEvent<Object>> stream = Flux.merge(events, beats).take(lifetime);
        if (caller.kind() != Caller.Kind.CONSOLE) {
            return stream;
        }
        Mono<Long> signedOut = Flux.interval(SIGN_OUT_CHECK)
                .onBackpressureDrop()
                .concatMap(tick -> readModels.signedOut(caller.lsid().value()), 1)
                .filter(Boolean::booleanValue)
                .next()
                .map(found -> 0L);
        return stream.takeUntilOther(signedOut);
    }

    private static long position(String text) {
        if (text == null || text.isBlank()) {
            return Long.MIN_VALUE;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "Last-Event-ID and after are a log position: a whole number");
        }
    }
}
