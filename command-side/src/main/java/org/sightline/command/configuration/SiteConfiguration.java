package org.sightline.command.configuration;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.configuration.ChangeConfiguration;
import org.sightline.contracts.configuration.ConfigurationChanged;

/**
 * The site's settings, one stream under {@link Lsid#SITE}. It knows every setting's current
 * value, so each change records what it replaced.
 */
@Aggregate(commandTargetResolver = "lsidTargetResolver",
        cache = "siteConfigurationCache")
public class SiteConfiguration {

    /** Account roles are recorded once, when an account is made, under this prefix. */
    static final String ACCOUNTS = "accounts.";

    @AggregateIdentifier
    private Lsid lsid;
    private final Map<String, String> settings = new HashMap<>();

    protected SiteConfiguration() {
        // Axon rebuilds the configuration from its events.
    }

    /** Returns the event, so that the caller can show what the setting was before. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public ConfigurationChanged handle(ChangeConfiguration command) {
        String oldValue = settings.get(command.setting());
        if (command.setting().startsWith(ACCOUNTS) && oldValue != null) {
            throw new IllegalStateException("an account named "
                    + command.setting().substring(ACCOUNTS.length()).replaceFirst("\\.role$", "")
                    + " exists");
        }
        if (command.newValue().equals(oldValue)) {
            throw new IllegalStateException(command.setting() + " has that value already");
        }

        ConfigurationChanged event = new ConfigurationChanged(command.consoleLsid(),
                command.setting(), oldValue, command.newValue(), command.changedBy());
        apply(event);
        return event;
    }

    @EventSourcingHandler
    void on(ConfigurationChanged event) {
        lsid = Lsid.SITE;
        settings.put(event.setting(), event.newValue());
    }
}
