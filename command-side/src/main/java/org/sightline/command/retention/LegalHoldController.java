package org.sightline.command.retention;

import static org.sightline.command.access.CallerRules.console;

import org.sightline.command.dispatch.CommandSender;
import org.sightline.contracts.Caller;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.console.AccountRole;
import org.sightline.contracts.retention.PlaceLegalHold;
import org.sightline.contracts.retention.ReleaseLegalHold;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * An admin places and releases legal holds. A held session's content does not expire; each
 * hold and release is an event with the admin's name and reason.
 */
@RestController
class LegalHoldController {

    private final CommandSender commands;

    LegalHoldController(CommandSender commands) {
        this.commands = commands;
    }

    record Reason(String reason) {
    }

    record LegalHold(Lsid lsid, boolean held) {
    }

    @PostMapping("/api/sessions/{lsid}/legal-hold")
    Mono<LegalHold> place(@PathVariable Lsid lsid, @RequestBody Reason body,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        Caller admin = console(caller, AccountRole.ADMIN);
        return commands.send(new PlaceLegalHold(lsid, admin.name(), body.reason()))
                .thenReturn(new LegalHold(lsid, true));
    }

    @PostMapping("/api/sessions/{lsid}/legal-hold/release")
    Mono<LegalHold> release(@PathVariable Lsid lsid, @RequestBody Reason body,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        Caller admin = console(caller, AccountRole.ADMIN);
        return commands.send(new ReleaseLegalHold(lsid, admin.name(), body.reason()))
                .thenReturn(new LegalHold(lsid, false));
    }
}
