package org.sightline.query.session;

import org.sightline.contracts.Caller;
import org.sightline.contracts.Require;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;

/**
 * The sessions waiting for a rep: requested or handed back to a queue, owned by no one, not
 * ended. Reps take them from here; admins and auditors see it too.
 */
@RestController
class QueueController {

    private final SessionReadModels readModels;

    QueueController(SessionReadModels readModels) {
        this.readModels = readModels;
    }

    /**
     * Oldest first, at most 500; {@code queue} narrows it to one queue. A rep sees the
     * queues of the rep's teams.
     */
    @GetMapping("/api/queue")
    Flux<SessionSummary> waiting(@RequestParam(required = false) String queue,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        requireConsole(caller);
        Visibility visibility = Visibility.of(caller);
        if (queue != null && !visibility.seesAll()
                && !visibility.queues().contains(Require.identifier(queue, "queue"))) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN,
                    "the queue " + queue + " is not one of your teams'");
        }
        return readModels.waiting(queue == null ? null : Require.identifier(queue, "queue"),
                visibility);
    }

    /** The queue is for console users: 401 without a token, 403 for a customer. */
    static Caller requireConsole(Caller caller) {
        if (caller == null) {
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED,
                    "a valid bearer token is required");
        }
        if (caller.kind() != Caller.Kind.CONSOLE) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN,
                    "only console users see the queue");
        }
        return caller;
    }
}
