package org.sightline.projections.alert;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.sightline.contracts.catalogue.EventType;

/**
 * The subject and text of the mail for the alerts of one batch: one alert normally, several
 * when they came faster than one mail per {@code sightline.mail.min-interval}.
 */
record AlertMail(String subject, String text) {

    /** Alerts described one by one in a mail; the rest are counted by type. */
    static final int LISTED = 100;

    private static final int MAX_VALUE_CHARS = 256;

    static AlertMail of(List<Alert> alerts) {
        if (alerts.isEmpty()) {
            throw new IllegalArgumentException("a mail needs one alert at least");
        }
        StringBuilder text = new StringBuilder();
        text.append(alerts.size() == 1
                ? "Sightline recorded an event that admins are alerted to.\n"
                : "Sightline recorded " + alerts.size() + " events that admins are alerted"
                        + " to.\n");
        for (Alert alert : alerts.subList(0, Math.min(LISTED, alerts.size()))) {
            text.append('\n').append(describe(alert));
        }
        if (alerts.size() > LISTED) {
            text.append("\n... and ").append(alerts.size() - LISTED).append(" more: ")
                    .append(countByType(alerts.subList(LISTED, alerts.size()))).append('\n');
        }
        text.append("\nEach event's whole record is its LSID's log (GET /api/sessions/LSID/log,"
                + " or sightline-audit replay --lsid LSID).\n");
        return new AlertMail(subject(alerts), text.toString());
    }

    private static String subject(List<Alert> alerts) {
        if (alerts.size() == 1) {
            Alert alert = alerts.get(0);
            String about = alert.details().getOrDefault("account",
                    alert.details().getOrDefault("stream", alert.lsid()));
            return "[Sightline] " + alert.type().typeName() + ": " + clean(about);
        }
        return "[Sightline] " + alerts.size() + " alerts: " + countByType(alerts);
    }

    private static String describe(Alert alert) {
        EventType type = alert.type();
        StringBuilder lines = new StringBuilder();
        lines.append(type.typeName()).append(" (code ").append(type.code()).append(", ")
                .append(type.severity()).append(")\n");
        line(lines, "time", alert.at().toString());
        line(lines, "LSID", alert.lsid());
        line(lines, "event id", alert.eventId());
        alert.details().forEach((name, value) -> line(lines, name, value));
        return lines.toString();
    }

    private static void line(StringBuilder lines, String name, String value) {
        lines.append("  ").append(name).append(": ").append(clean(value)).append('\n');
    }

    private static String countByType(List<Alert> alerts) {
        Map<String, Long> counts = alerts.stream().collect(Collectors.groupingBy(
                alert -> alert.type().typeName(), LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream()
                .map(count -> count.getKey() + " x" + count.getValue())
                .collect(Collectors.joining(", "));
    }

    /**
     * One line of bounded length: a value (an attempted account name, say) cannot start a
     * header or a line of its own.
     */
    static String clean(String value) {
        String line = value.replaceAll("\\p{Cntrl}", "?");
        return line.length() <= MAX_VALUE_CHARS
                ? line
                : line.substring(0, MAX_VALUE_CHARS) + "...";
    }
}
