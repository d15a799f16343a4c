package org.sightline.command.configuration;

import static org.sightline.command.access.CallerRules.console;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.sightline.command.console.Accounts;
import org.sightline.command.dispatch.CommandSender;
import org.sightline.command.tls.JvmTls;
import org.sightline.command.tls.SiteCertificates;
import org.sightline.command.tls.SiteTlsSettings;
import org.sightline.command.tls.TlsProbe;
import org.sightline.contracts.Caller;
import org.sightline.contracts.Require;
import org.sightline.contracts.TeamId;
import org.sightline.contracts.configuration.ChangeConfiguration;
import org.sightline.contracts.configuration.ConfigurationChanged;
import org.sightline.contracts.configuration.MailAlerts;
import org.sightline.contracts.configuration.PortalQueues;
import org.sightline.contracts.configuration.TeamPolicy;
import org.sightline.contracts.configuration.TlsSettings;
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
            RetentionPolicy.SETTING, RetentionPolicy.RECORDINGS, RetentionPolicy.RECORDINGS_BUDGET,
            MailAlerts.EVENTS, MailAlerts.RECIPIENTS,
            TlsSettings.PROTOCOLS, TlsSettings.CIPHERS);

    private final CommandSender commands;
    private final Accounts accounts;
    private final SiteTlsSettings tls;
    private final SiteCertificates certificates;

    ConfigurationController(CommandSender commands, Accounts accounts,
            SiteTlsSettings tls, SiteCertificates certificates) {
        this.commands = commands;
        this.accounts = accounts;
        this.tls = tls;
        this.certificates = certificates;
    }

    /**
     * Protocols and suites that the certificate served now can serve, as a client shakes
     * hands (where the site has no certificate yet, only that each protocol keeps a suite).
     */
    private void requireServable(SiteTlsSettings.Wanted now, List<String> protocols,
            List<String> ciphers) {
        JvmTls.requireHandshake(protocols, ciphers);
        certificates.wanted(now).ifPresent(served -> TlsProbe.requireServable(
                served.key(), served.chain(), protocols, ciphers));
    }

    record SettingValue(String value) {
    }

    record SettingChanged(String setting, String oldValue, String newValue) {
    }

    @PutMapping("/api/configuration/{setting}")
    Mono<SettingChanged> change(@PathVariable String setting, @RequestBody SettingValue body,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        Caller admin = console(caller, AccountRole.ADMIN);
        boolean teamSetting = TeamPolicy.teamOf(setting).isPresent();
        if (!SETTINGS.contains(setting) && !teamSetting) {
            throw new IllegalArgumentException("unknown setting " + setting + "; the settings are "
                    + new TreeSet<>(SETTINGS) + " and, for each team, teams.TEAM.permissions and"
                    + " teams.TEAM.prompt");
        }
        if (teamSetting) {
            TeamPolicy.parseKinds(Require.present(body.value(), "value"));
        }
        switch (setting) {
            case RetentionPolicy.SETTING -> RetentionPolicy.parse(body.value());
            case RetentionPolicy.RECORDINGS -> RetentionPolicy.parseRecordings(body.value());
            case RetentionPolicy.RECORDINGS_BUDGET -> RetentionPolicy.parseBudget(body.value());
            case PortalQueues.SETTING -> PortalQueues.parse(body.value());
            case MailAlerts.EVENTS -> MailAlerts.parseEvents(body.value());
            case MailAlerts.RECIPIENTS -> MailAlerts.parseRecipients(body.value());
            case TlsSettings.PROTOCOLS -> {
                SiteTlsSettings.Wanted now = tls.read();
                requireServable(now, JvmTls.protocols(body.value()), now.ciphers());
            }
            case TlsSettings.CIPHERS -> {
                SiteTlsSettings.Wanted now = tls.read();
                requireServable(now, now.protocols(), JvmTls.ciphers(body.value()));
            }
            default -> {
            }
        }

        return commands.<ConfigurationChanged>send(
                        new ChangeConfiguration(setting, body.value(), admin.name(), admin.lsid()))
                .map(event -> new SettingChanged(event.setting(), event.oldValue(),
                        event.newValue()));
    }

    /** @param teams the teams a rep serves (one at least); none for other roles */
    record NewAccount(String account, AccountRole role, String password, List<String> teams) {
    }

    record AccountCreated(String account, AccountRole role, Set<TeamId> teams) {
    }

    /**
     * Creates a console account. The account's role is recorded as the setting
     * {@code accounts.NAME.role}, a rep's teams as {@code accounts.NAME.teams}; the password
     * never leaves the account table.
     */
    @PostMapping("/api/accounts")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<AccountCreated> createAccount(@RequestBody NewAccount body,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        Caller admin = console(caller, AccountRole.ADMIN);
        String name = Require.identifier(body.account(), "account");
        AccountRole role = Require.present(body.role(), "role");
        Accounts.requireStrong(body.password());
        Set<TeamId> teams = teams(role, body.teams());
        ChangeConfiguration recordRole = new ChangeConfiguration(
                "accounts." + name + ".role", role.name(), admin.name(), admin.lsid());
        Mono<Object> recordTeams = teams.isEmpty() ? Mono.empty()
                : commands.send(new ChangeConfiguration("accounts." + name + ".teams",
                        TeamId.join(teams), admin.name(), admin.lsid()));

        // The account row comes first: of two admins making "alice" and "ALICE" at once, one
        // row is made and only its events are recorded. Should recording fail, the row goes.
        return Mono.fromCallable(() -> accounts.create(name, role, body.password(), teams,
                        false))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(created -> created
                        ? commands.send(recordRole).then(recordTeams)
                                .onErrorResume(failure -> Mono.fromRunnable(
                                                () -> accounts.delete(name))
                                        .subscribeOn(Schedulers.boundedElastic())
                                        .then(Mono.error(failure)))
                                .then(Mono.just(new AccountCreated(name, role, teams)))
                        : Mono.error(new ResponseStatusException(HttpStatus.CONFLICT,
                                "an account named " + name + " exists (names ignore case)")));
    }

    private static Set<TeamId> teams(AccountRole role, List<String> names) {
        List<String> given = names == null ? List.of() : names;
        if (role != AccountRole.REP && !given.isEmpty()) {
            throw new IllegalArgumentException("only reps serve teams; " + role + " sees"
                    + " sessions by role");
        }
        if (role == AccountRole.REP && given.isEmpty()) {
            throw new IllegalArgumentException("teams: a rep serves one team at least (a"
                    + " team's queue has its name, such as general)");
        }
        if (given.size() > 32) {
            throw new IllegalArgumentException("teams: at most 32");
        }
        Set<TeamId> teams = new TreeSet<>(Comparator.comparing(TeamId::value));
        for (String team : given) {
            if (!teams.add(TeamId.of(team))) {
                throw new IllegalArgumentException("teams names " + team + " twice");
            }
        }
        return Set.copyOf(teams);
    }
}
