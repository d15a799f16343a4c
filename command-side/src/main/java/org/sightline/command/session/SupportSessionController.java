package org.sightline.command.session;

import static org.sightline.command.access.CallerRules.console;
import static org.sightline.command.access.CallerRules.customerOf;
import static org.sightline.command.access.CallerRules.customerOfOrRep;

import java.time.Instant;
import java.util.List;
import org.sightline.command.access.AccessTokens;
import org.sightline.command.access.RemoteAddress;
import org.sightline.command.console.Accounts;
import org.sightline.command.dispatch.CommandSender;
import org.sightline.contracts.Caller;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.QueueId;
import org.sightline.contracts.RepId;
import org.sightline.contracts.Require;
import org.sightline.contracts.console.AccountRole;
import org.sightline.contracts.session.AddSessionNote;
import org.sightline.contracts.session.AnswerPermission;
import org.sightline.contracts.session.Author;
import org.sightline.contracts.session.CaptureSystemInformation;
import org.sightline.contracts.session.ClientKind;
import org.sightline.contracts.session.EndSession;
import org.sightline.contracts.session.GiveControl;
import org.sightline.contracts.session.InfoSection;
import org.sightline.contracts.session.InviteRepresentative;
import org.sightline.contracts.session.JoinSession;
import org.sightline.contracts.session.LeaveSession;
import org.sightline.contracts.session.PermissionKind;
import org.sightline.contracts.session.PostChatMessage;
import org.sightline.contracts.session.RecordFileTransfer;
import org.sightline.contracts.session.RequestPermission;
import org.sightline.contracts.session.RequestSupport;
import org.sightline.contracts.session.TakeBackControl;
import org.sightline.contracts.session.TransferDirection;
import org.sightline.contracts.session.TransferSession;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The command API of support sessions. Each answer comes after the session's events are
 * committed; the customer acts with the token that requesting the session gave, a rep with a
 * console token.
 */
@RestController
@RequestMapping("/api/sessions")
class SupportSessionController {

    private final CommandSender commands;
    private final AccessTokens tokens;
    private final Accounts accounts;

    SupportSessionController(CommandSender commands, AccessTokens tokens, Accounts accounts) {
        this.commands = commands;
        this.tokens = tokens;
        this.accounts = accounts;
    }

    record SupportRequest(String queue, String customerName, String company,
            String problemDescription, String privateIp, ClientKind clientKind) {
    }

    record SessionOpened(Lsid lsid, String customerToken, Instant customerTokenExpiresAt) {
    }

    /** A customer asks for help; no sign-in. The answer holds the customer's token. */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<SessionOpened> request(@RequestBody SupportRequest body, ServerWebExchange exchange) {
        Lsid lsid = Lsid.random();
        RequestSupport command = new RequestSupport(lsid,
                body.queue() == null ? null : QueueId.of(body.queue()), body.customerName(),
                body.company(), body.problemDescription(), RemoteAddress.of(exchange),
                body.privateIp(), body.clientKind());
        Caller customer = new Caller(Caller.Kind.CUSTOMER, command.customerName(), null, lsid);

        // The token is stored first: a failed request then leaves a token for a session that
        // does not exist, which opens nothing, rather than a session nobody can act in.
        return Mono.fromCallable(() -> tokens.issue(customer))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(token -> commands.send(command)
                        .thenReturn(new SessionOpened(lsid, token.token(), token.expiresAt())));
    }

    @PostMapping("/{lsid}/join")
    Mono<Void> join(@PathVariable Lsid lsid, @RequestAttribute(name = Caller.ATTRIBUTE,
            required = false) Caller caller) {
        RepId rep = rep(caller);
        return commands.send(new JoinSession(lsid, rep, caller.teams()));
    }

    @PostMapping("/{lsid}/leave")
    Mono<Void> leave(@PathVariable Lsid lsid, @RequestAttribute(name = Caller.ATTRIBUTE,
            required = false) Caller caller) {
        return commands.send(new LeaveSession(lsid, rep(caller)));
    }

    record TransferRequest(String toRep, String toQueue) {
    }

    /** Hands the session to another rep account, or back to a queue. */
    @PostMapping("/{lsid}/transfer")
    Mono<Void> transfer(@PathVariable Lsid lsid, @RequestBody TransferRequest body,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        TransferSession command = new TransferSession(lsid, rep(caller),
                body.toRep() == null ? null : RepId.of(body.toRep()),
                body.toQueue() == null ? null : QueueId.of(body.toQueue()));
        if (command.toRep() == null) {
            return commands.send(command);
        }
        return repAccount(command.toRep(), "toRep").then(commands.send(command));
    }

    record InvitationRequest(String rep) {
    }

    /** Asks another rep to join; the invited rep sees it in the console and joins. */
    @PostMapping("/{lsid}/invitations")
    Mono<Void> invite(@PathVariable Lsid lsid, @RequestBody InvitationRequest body,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        RepId by = rep(caller);
        InviteRepresentative command = new InviteRepresentative(lsid,
                RepId.of(Require.present(body.rep(), "rep")), by);
        return repAccount(command.rep(), "rep").then(commands.send(command));
    }

    /** Completes when the name is a rep account; fails with a 400 otherwise. */
    private Mono<Void> repAccount(RepId rep, String field) {
        return Mono.fromCallable(() -> accounts.find(rep.value()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(target -> target.filter(a -> a.role() == AccountRole.REP).isPresent()
                        ? Mono.<Void>empty()
                        : Mono.error(new IllegalArgumentException(field + " " + rep
                                + " is not a rep account")));
    }

    record TextRequest(String text) {
    }

    /** A chat line from the session's customer or from a rep taking part. */
    @PostMapping("/{lsid}/chat")
    Mono<Void> chat(@PathVariable Lsid lsid, @RequestBody TextRequest body,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        return commands.send(new PostChatMessage(lsid, author(caller, lsid), body.text()));
    }

    @PostMapping("/{lsid}/notes")
    Mono<Void> note(@PathVariable Lsid lsid, @RequestBody TextRequest body,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        return commands.send(new AddSessionNote(lsid, rep(caller), body.text()));
    }

    record PermissionRequest(PermissionKind kind) {
    }

    record PermissionRequestOpened(int requestNumber) {
    }

    @PostMapping("/{lsid}/permission-requests")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<PermissionRequestOpened> requestPermission(@PathVariable Lsid lsid,
            @RequestBody PermissionRequest body,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        return commands.<Integer>send(new RequestPermission(lsid, rep(caller), body.kind()))
                .map(PermissionRequestOpened::new);
    }

    record PermissionAnswer(Boolean granted) {
    }

    /** The customer's answer to a pending permission request. */
    @PostMapping("/{lsid}/permission-requests/{number}/answer")
    Mono<Void> answer(@PathVariable Lsid lsid, @PathVariable int number,
            @RequestBody PermissionAnswer body,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        customerOf(caller, lsid);
        if (body.granted() == null) {
            throw new IllegalArgumentException("granted is required: true or false");
        }
        return commands.send(new AnswerPermission(lsid, number, body.granted()));
    }

    /** The calling rep takes control, as the customer granted. */
    @PostMapping("/{lsid}/control")
    Mono<Void> takeControl(@PathVariable Lsid lsid, @RequestAttribute(name = Caller.ATTRIBUTE,
            required = false) Caller caller) {
        return commands.send(new GiveControl(lsid, rep(caller)));
    }

    /** The customer takes control back, or the rep holding it releases it. */
    @DeleteMapping("/{lsid}/control")
    Mono<Void> takeBackControl(@PathVariable Lsid lsid, @RequestAttribute(name = Caller.ATTRIBUTE,
            required = false) Caller caller) {
        return commands.send(new TakeBackControl(lsid, author(caller, lsid)));
    }

    record SystemInformationReport(List<InfoSection> sections) {
    }

    /** The customer's client reports system information a rep was granted. */
    @PostMapping("/{lsid}/system-information")
    Mono<Void> systemInformation(@PathVariable Lsid lsid,
            @RequestBody SystemInformationReport body,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        customerOf(caller, lsid);
        return commands.send(new CaptureSystemInformation(lsid, body.sections()));
    }

    record FileTransferReport(TransferDirection direction, String fileName, Long size,
            String sha256) {
    }

    @PostMapping("/{lsid}/files")
    Mono<Void> file(@PathVariable Lsid lsid, @RequestBody FileTransferReport body,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        RepId rep = rep(caller);
        if (body.size() == null) {
            throw new IllegalArgumentException("size is required");
        }
        return commands.send(new RecordFileTransfer(lsid, rep, body.direction(),
                body.fileName(), body.size(), body.sha256()));
    }

    record EndRequest(String reason) {
    }

    /** The customer or a rep taking part ends the session; the body is optional. */
    @PostMapping("/{lsid}/end")
    Mono<Void> end(@PathVariable Lsid lsid, @RequestBody(required = false) EndRequest body,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        String reason = body == null ? null : body.reason();
        return commands.send(new EndSession(lsid, author(caller, lsid), reason));
    }

    private static RepId rep(Caller caller) {
        return RepId.of(console(caller, AccountRole.REP).name());
    }

    private static Author author(Caller caller, Lsid lsid) {
        Caller known = customerOfOrRep(caller, lsid);
        return known.kind() == Caller.Kind.CUSTOMER
                ? Author.customer(known.name())
                : Author.rep(RepId.of(known.name()));
    }
}
