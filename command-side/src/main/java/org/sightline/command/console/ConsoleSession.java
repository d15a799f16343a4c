package org.sightline.command.console;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.TeamId;
import org.sightline.contracts.console.AccountLocked;
import org.sightline.contracts.console.LogOut;
import org.sightline.contracts.console.LoggedOut;
import org.sightline.contracts.console.LoginFailed;
import org.sightline.contracts.console.LoginSucceeded;
import org.sightline.contracts.console.OpenConsoleSession;
import org.sightline.contracts.console.PasswordChanged;
import org.sightline.contracts.console.RecordFailedLogin;
import org.sightline.contracts.console.SecondFactorEnrolled;

/**
 * A rep's, admin's or auditor's console session, from sign-in to sign-out. A refused
 * sign-in is a console session of one event, or two when it locked the account.
 */
@Aggregate(commandTargetResolver = "lsidTargetResolver",
        cache = "consoleSessionCache")
public class ConsoleSession {

    @AggregateIdentifier
    private Lsid lsid;
    private String account;
    private boolean open;

    protected ConsoleSession() {
        // Axon rebuilds the session from its events.
    }

    @CommandHandler
    public ConsoleSession(OpenConsoleSession command) {
        List<String> teams = command.teams().stream().map(TeamId::value).sorted().toList();
        apply(new LoginSucceeded(command.lsid(), command.account(), command.role(),
                command.sourceIp(), command.method(), teams));
        if (command.passwordChanged()) {
            apply(new PasswordChanged(command.lsid(), command.account()));
        }
        if (command.secondFactorEnrolled()) {
            apply(new SecondFactorEnrolled(command.lsid(), command.account()));
        }
    }

    @CommandHandler
    public ConsoleSession(RecordFailedLogin command) {
        apply(new LoginFailed(command.lsid(), command.attemptedAccount(), command.reason(),
                command.sourceIp()));
        if (command.lockedUntil() != null) {
            apply(new AccountLocked(command.lsid(), command.attemptedAccount(),
                    command.lockedUntil().toString(), command.failures()));
        }
    }

    @CommandHandler
    public void handle(LogOut command) {
        if (!open) {
            throw new IllegalStateException("the console session is not open");
        }

        apply(new LoggedOut(lsid, account, command.reason()));
    }

    @EventSourcingHandler
    void on(LoginSucceeded event) {
        lsid = event.lsid();
        account = event.account();
        open = true;
    }

    @EventSourcingHandler
    void on(LoginFailed event) {
        lsid = event.lsid();
        account = event.attemptedAccount();
    }

    @EventSourcingHandler
    void on(LoggedOut event) {
        open = false;
    }
}
