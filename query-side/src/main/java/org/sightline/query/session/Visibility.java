package org.sightline.query.session;

import java.util.Set;
import java.util.stream.Collectors;
import org.sightline.contracts.Caller;
import org.sightline.contracts.TeamId;
import org.sightline.contracts.console.AccountRole;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Which sessions a console user reads: admins and auditors every one; a rep those of the
 * rep's teams' queues (a team's queue has the team's name) and those the rep took part in.
 *
 * @param rep absent when the caller sees every session
 * @param queues the rep's teams' queues
 */
record Visibility(String rep, Set<String> queues) {

    static final Visibility ALL = new Visibility(null, Set.of());

    Visibility {
        queues = Set.copyOf(queues);
    }

    /** 401 without a caller, 403 for a customer. */
    static Visibility of(Caller caller) {
        if (caller == null) {
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED,
                    "a valid bearer token is required");
        }
        if (caller.isConsole(AccountRole.ADMIN) || caller.isConsole(AccountRole.AUDITOR)) {
            return ALL;
        }
        if (caller.isConsole(AccountRole.REP)) {
            return new Visibility(caller.name(), caller.teams().stream().map(TeamId::value)
                    .collect(Collectors.toSet()));
        }
        throw new ResponseStatusException(HttpStatus.FORBIDDEN,
                "only console users read sessions");
    }

    boolean seesAll() {
        return rep == null;
    }

    boolean sees(SessionSummary session) {
        return seesAll() || session.reps().contains(rep) || queues.contains(session.queue());
    }

    /** The refusal for a session this caller does not see. */
    ResponseStatusException refusal(String lsid) {
        return new ResponseStatusException(HttpStatus.FORBIDDEN, "session " + lsid
                + " is not of your teams' queues and you did not take part in it");
    }
}
