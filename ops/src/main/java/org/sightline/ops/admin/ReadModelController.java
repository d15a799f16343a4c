package org.sightline.ops.admin;

import org.sightline.contracts.Caller;
import org.sightline.contracts.console.AccountRole;
import org.sightline.projections.replay.ReadModels;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Lets an admin rebuild every read model from the event store. */
@RestController
class ReadModelController {

    private final ReadModels readModels;

    ReadModelController(ReadModels readModels) {
        this.readModels = readModels;
    }

    /**
     * Records the request and answers 202; the node that runs the read models starts the
     * rebuild within a second or so, and they refill as the replay proceeds.
     */
    @PostMapping("/api/admin/read-models/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Void> rebuild(@RequestAttribute(name = Caller.ATTRIBUTE, required = false)
            Caller caller) {
        if (caller == null) {
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED,
                    "a valid bearer token is required");
        }
        if (!caller.isConsole(AccountRole.ADMIN)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN,
                    "only an admin rebuilds the read models");
        }
        return Mono.fromRunnable(() -> readModels.request(caller.name()))
                .subscribeOn(Schedulers.boundedElastic())
                .then();
    }
}
