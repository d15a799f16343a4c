package org.sightline.query.session;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.sightline.contracts.Caller;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.Require;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The query API of sessions: the list, one session, and its log as JSON or as text.
 *
 * <p>Admins and auditors see every session; a rep sees those of the rep's teams' queues and
 * those the rep took part in.
 * Everyone else is refused.
 */
@RestController
@RequestMapping("/api/sessions")
class SessionQueryController {

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** The largest page of the session list. */
    static final int MAX_PAGE_SIZE = 200;

    private final SessionReadModels readModels;

    SessionQueryController(SessionReadModels readModels) {
        this.readModels = readModels;
    }

    @GetMapping
    Mono<SessionPage> list(@RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String rep,
            @RequestParam(required = false) String customerIp,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        Visibility visibility = Visibility.of(caller);
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException(
                    "page starts at 0 and size is 1 to " + MAX_PAGE_SIZE);
        }
        SessionFilter filter = new SessionFilter(instant(from, "from"), instant(to, "to"),
                rep == null ? null : Require.identifier(rep, "rep"),
                customerIp == null ? null : Require.ipAddress(customerIp, "customerIp"),
                visibility);

        return readModels.find(filter, page, size);
    }

    @GetMapping("/{lsid}")
    Mono<SessionSummary> session(@PathVariable Lsid lsid,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        return visibleSession(lsid, caller);
    }

    /** Whether the session's hash chain verified when last checked, and its checkpoint. */
    @GetMapping("/{lsid}/chain")
    Mono<ChainStatus> chain(@PathVariable Lsid lsid,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        return visibleSession(lsid, caller)
                .flatMap(found -> readModels.chainStatus(lsid.value()));
    }

    @GetMapping(value = "/{lsid}/log", produces = MediaType.APPLICATION_JSON_VALUE)
    Flux<LogEntry> log(@PathVariable Lsid lsid,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        return visibleLog(lsid, caller);
    }

    /** The log as a printed log: a header, then one line per event with its UTC time. */
    @GetMapping(value = "/{lsid}/log.txt", produces = MediaType.TEXT_PLAIN_VALUE)
    Mono<String> logText(@PathVariable Lsid lsid,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        return visibleLog(lsid, caller)
                .collectList()
                .map(entries -> TextLog.render(lsid.value(), entries));
    }

    private Mono<SessionSummary> visibleSession(Lsid lsid, Caller caller) {
        Visibility visibility = Visibility.of(caller);
        return readModels.session(lsid.value())
                .switchIfEmpty(Mono.error(() -> notFound(lsid)))
                .filter(visibility::sees)
                .switchIfEmpty(Mono.error(() -> visibility.refusal(lsid.value())));
    }

    /**
     * A support session's log needs the session to be visible; a console session's log
     * (which has no entry in the session list) is for admins and auditors only.
     */
    private Flux<LogEntry> visibleLog(Lsid lsid, Caller caller) {
        Visibility visibility = Visibility.of(caller);
        Mono<Boolean> allowed = readModels.session(lsid.value())
                .map(visibility::sees)
                .defaultIfEmpty(visibility.seesAll());
        return allowed.flatMapMany(ok -> ok
                        ? readModels.log(lsid.value())
                        : Flux.error(visibility.refusal(lsid.value())))
                .switchIfEmpty(Flux.error(() -> notFound(lsid)));
    }

    private static ResponseStatusException notFound(Lsid lsid) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no session " + lsid);
    }

    private static Instant instant(String text, String field) {
        if (text == null) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    field + " is an ISO-8601 UTC instant such as 2026-01-31T09:00:00Z");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new IllegalArgumentException(field + " lies between the years 1 and 9999");
        }
        return instant;
    }
}
