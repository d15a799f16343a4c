package org.sightline.command.access;

import org.sightline.contracts.Caller;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.console.AccountRole;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Who may send which command: a missing or unknown token answers 401, a caller of the wrong
 * kind 403. Whether a rep takes part in a session is the session's own rule.
 */
public final class CallerRules {

    private CallerRules() {
    }

    public static Caller signedIn(Caller caller) {
        if (caller == null) {
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED,
                    "a valid bearer token is required");
        }
        return caller;
    }

    public static Caller console(Caller caller, AccountRole role) {
        if (!signedIn(caller).isConsole(role)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN,
                    "only a console user with role " + role + " may do this");
        }
        return caller;
    }

    public static Caller customerOf(Caller caller, Lsid session) {
        if (!signedIn(caller).isCustomerOf(session)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN,
                    "only the customer of this session may do this");
        }
        return caller;
    }

    /** The customer of the session, or a rep (whom the session itself then checks). */
    public static Caller customerOfOrRep(Caller caller, Lsid session) {
        if (!signedIn(caller).isCustomerOf(session) && !caller.isConsole(AccountRole.REP)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN,
                    "only the customer of this session or a rep may do this");
        }
        return caller;
    }
}
