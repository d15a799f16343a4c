package org.sightline.contracts.configuration;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.sightline.contracts.catalogue.EventType;

/**
 * The two settings that say which events are mailed to whom, each changed by an admin and
 * recorded as a configuration event:
 *
 * <ul>
 *   <li>{@code alerts.mail.events}: the events that raise a mail, as catalogue type names
 *       separated by commas, such as {@code console.account.locked,audit.chain.failed}.
 *       Unset or empty: none.
 *   <li>{@code alerts.mail.recipients}: the addresses that receive them, separated by
 *       commas, at most {@link #MAX_RECIPIENTS}. Unset or empty: nobody, so no mail.
 * </ul>
 */
public final class MailAlerts {

    public static final String EVENTS = "alerts.mail.events";
    public static final String RECIPIENTS = "alerts.mail.recipients";
    public static final int MAX_RECIPIENTS = 32;

    /**
     * A plain address: a local part of the characters RFC 5322 allows unquoted, '@', a domain
     * of dot-separated labels. No display names, quotes, comments or line breaks.
     */
    private static final Pattern ADDRESS = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private MailAlerts() {
    }

    /** The event types a value of {@code alerts.mail.events} names; fails with the rule. */
    public static Set<EventType> parseEvents(String value) {
        Set<EventType> types = new LinkedHashSet<>();
        for (String name : parts(value)) {
            EventType type = Arrays.stream(EventType.values())
                    .filter(candidate -> candidate.typeName().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(EVENTS + ": " + name
                            + " is not an event type; the types are "
                            + Arrays.stream(EventType.values()).map(EventType::typeName)
                                    .sorted().collect(Collectors.joining(", "))));
            if (!types.add(type)) {
                throw new IllegalArgumentException(EVENTS + " names " + name + " twice");
            }
        }
        return Set.copyOf(types);
    }

    /** The addresses a value of {@code alerts.mail.recipients} names; fails with the rule. */
    public static List<String> parseRecipients(String value) {
        Set<String> addresses = new LinkedHashSet<>();
        for (String address : parts(value)) {
            if (address.length() > 254 || !ADDRESS.matcher(address).matches()) {
                throw new IllegalArgumentException(RECIPIENTS + ": " + address + " is not a"
                        + " plain mail address such as security@example.org");
            }
            if (!addresses.add(address)) {
                throw new IllegalArgumentException(RECIPIENTS + " names " + address + " twice");
            }
        }
        if (addresses.size() > MAX_RECIPIENTS) {
            throw new IllegalArgumentException(RECIPIENTS + " names at most " + MAX_RECIPIENTS
                    + " addresses");
        }
        return List.copyOf(addresses);
    }

    private static List<String> parts(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",", -1)).map(String::trim).toList();
    }
}
