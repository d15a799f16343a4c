package org.sightline.command.configuration;

import static org.sightline.command.access.CallerRules.console;

import java.util.Set;
import java.util.TreeSet;
import org.sightline.command.console.Accounts;
import org.sightline.command.dispatch.CommandSender;
import org.sightline.contracts.Caller;
import org.sightline.contracts.Require;
import org.sightline.contracts.configuration.ChangeConfiguration;
import org.sightline.contracts.configuration.ConfigurationChanged;
import org.sightline.contracts.configuration.PortalQueues;
import org.sightline.contracts.console.AccountRole;
import org.sightline.contracts.retention.RetentionPolicy;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Admin changes to the site: settings and console accounts, each a configuration event. */
@RestController
class ConfigurationController {

    /**
     * The settings an admin changes through {@code PUT /api/configuration/{setting}}. Each
     * change is recorded; the portal shows the site's name, its greeting and its queues.
     */
    static final Set<String> SETTINGS = Set.of("site.name", "portal.greeting",
            PortalQueues.SETTING,
            RetentionPolicy.SETTING, RetentionPolicy.RECORDINGS, RetentionPolicy.RECORDINGS_BUDGET);

    private final CommandSender commands;
    private final Accounts accounts;

    ConfigurationController(CommandSender commands, Accounts accounts) {
        this.commands = commands;
        this.accounts = accounts;
    }

    record SettingValue(String value) {
    }

    record SettingChanged(String setting, String oldValue, String newValue) {
    }

    @PutMapping("/api/configuration/{setting}")
    Mono<SettingChanged> change(@PathVariable String setting, @RequestBody SettingValue body,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        Caller admin = console(caller, AccountRole.ADMIN);
        if (!SETTINGS.contains(setting)) {
            throw new IllegalArgumentException("unknown setting " + setting + "; the settings are "
                    + new TreeSet<>(SETTINGS));
        }
        switch (setting) {
            case RetentionPolicy.SETTING -> RetentionPolicy.parse(body.value());
            case RetentionPolicy.RECORDINGS -> RetentionPolicy.parseRecordings(body.value());
            case RetentionPolicy.RECORDINGS_BUDGET -> RetentionPolicy.parseBudget(body.value());
            case PortalQueues.SETTING -> PortalQueues.parse(body.value());
            default -> {
            }
        }

        return commands.<ConfigurationChanged>send(
                        new ChangeConfiguration(setting, body.value(), admin.name(), admin.lsid()))
                .map(event -> new SettingChanged(event.setting(), event.oldValue(),
                        event.newValue()));
    }

    record NewAccount(String account, AccountRole role, String password) {
    }

    record AccountCreated(String account, AccountRole role) {
    }

    /**
     * Creates a console account. The account's role is recorded as the setting
     * {@code accounts.NAME.role}; the password never leaves the account table.
     */
    @PostMapping("/api/accounts")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<AccountCreated> createAccount(@RequestBody NewAccount body,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        Caller admin = console(caller, AccountRole.ADMIN);
        String name = Require.identifier(body.account(), "account");
        AccountRole role = Require.present(body.role(), "role");
        if (body.password() == null || body.password().codePointCount(0,
                body.password().length()) < Accounts.MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException(
                    "a password has at least " + Accounts.MIN_PASSWORD_LENGTH + " characters");
        }
        ChangeConfiguration recordRole = new ChangeConfiguration(
                "accounts." + name + ".role", role.name(), admin.name(), admin.lsid());

        return Mono.fromCallable(() -> accounts.nameTaken(name))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(taken -> taken
                        ? Mono.error(new ResponseStatusException(HttpStatus.CONFLICT,
                                "an account named " + name + " exists (names ignore case)"))
                        : commands.send(recordRole))
                .then(Mono.fromCallable(() -> accounts.create(name, role, body.password()))
                        .subscribeOn(Schedulers.boundedElastic()))
                .map(created -> new AccountCreated(name, role));
    }
}
