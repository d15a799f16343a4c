package org.sightline.projections.alert;

import java.util.List;
import java.util.Set;
import org.sightline.contracts.catalogue.EventType;
import org.sightline.contracts.configuration.MailAlerts;
import org.sightline.contracts.configuration.StoredSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the admins chose: the event types that alert and the addresses that receive them.
 * Nothing alerts while either is empty.
 */
record AlertChoices(Set<EventType> events, List<String> recipients) {

    private static final Logger LOG = LoggerFactory.getLogger(AlertChoices.class);

    static final AlertChoices NONE = new AlertChoices(Set.of(), List.of());

    AlertChoices {
        events = Set.copyOf(events);
        recipients = List.copyOf(recipients);
    }

    boolean alerts(EventType type) {
        return !recipients.isEmpty() && events.contains(type);
    }

    /**
     * The newest values of the two settings in the event store itself, as every node sees
     * them. A stored value that no longer parses (an event type renamed since) counts as
     * empty, with a warning, rather than stopping every alert.
     */
    static AlertChoices newest(JdbcTemplate jdbc) {
        try {
            return new AlertChoices(
                    MailAlerts.parseEvents(newestValue(jdbc, MailAlerts.EVENTS)),
                    MailAlerts.parseRecipients(newestValue(jdbc, MailAlerts.RECIPIENTS)));
        } catch (IllegalArgumentException e) {
            LOG.warn("Mail alerts are off: a stored setting no longer applies: {}",
                    e.getMessage());
            return NONE;
        }
    }

    private static String newestValue(JdbcTemplate jdbc, String setting) {
        return jdbc.queryForList(StoredSettings.NEWEST_VALUE, String.class,
                StoredSettings.arguments(setting)).stream().findFirst().orElse(null);
    }
}
