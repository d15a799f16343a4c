package org.sightline.ops.syslog;

import java.util.Comparator;
import java.util.stream.Collectors;
import org.sightline.command.dispatch.CommandSender;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.configuration.ChangeConfiguration;
import org.sightline.projections.syslog.SyslogSettings;
import org.sightline.projections.syslog.SyslogSettings.Destination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Records a change of the syslog destinations, which live in the configuration, as the
 * setting {@code syslog.destinations}: when a start finds them different from the last
 * recorded ones, that is a configuration change like any other.
 */
@Component
class DestinationChanges {

    static final String SETTING = "syslog.destinations";
    static final String CHANGED_BY = "configuration-file";

    private static final Logger LOG = LoggerFactory.getLogger(DestinationChanges.class);

    private final SyslogSettings settings;
    private final CommandSender commands;

    DestinationChanges(SyslogSettings settings, CommandSender commands) {
        this.settings = settings;
        this.commands = commands;
    }

    @EventListener(ApplicationReadyEvent.class)
    void recordIfChanged() {
        commands.send(new ChangeConfiguration(SETTING, describe(settings), CHANGED_BY,
                        Lsid.random()))
                .doOnSuccess(done -> LOG.info("Syslog destinations changed: {}",
                        describe(settings)))
                .onErrorResume(IllegalStateException.class, unchanged -> {
                    LOG.debug("Syslog destinations unchanged");
                    return Mono.empty();
                })
                .block();
    }

    /** One line a destination, by name; no passwords. */
    static String describe(SyslogSettings settings) {
        if (settings.destinations().isEmpty()) {
            return "none";
        }
        return settings.destinations().stream()
                .sorted(Comparator.comparing(Destination::name))
                .map(d -> d.name() + "=" + d.protocol() + "://" + d.host() + ":" + d.port()
                        + " categories=" + d.categories().stream().map(Enum::name).sorted()
                                .collect(Collectors.joining(","))
                        + " max-bytes=" + d.maxBytes())
                .collect(Collectors.joining("; "));
    }
}
