package org.sightline.contracts.configuration;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.sightline.contracts.QueueId;

/**
 * The setting {@code portal.queues}: the queues a customer chooses from in the portal, in
 * the order shown, separated by commas. Unset or empty, the portal offers {@link #DEFAULT}.
 */
public final class PortalQueues {

    public static final String SETTING = "portal.queues";
    public static final String DEFAULT = "general";
    public static final int MAX = 32;

    private PortalQueues() {
    }

    /** The queues the value names; fails with the rule it breaks. */
    public static List<QueueId> parse(String value) {
        String text = value == null || value.isBlank() ? DEFAULT : value;
        Set<QueueId> queues = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            QueueId queue = QueueId.of(part.trim());
            if (!queues.add(queue)) {
                throw new IllegalArgumentException("portal.queues names " + queue + " twice");
            }
        }
        if (queues.size() > MAX) {
            throw new IllegalArgumentException("portal.queues names at most " + MAX + " queues");
        }
        return new ArrayList<>(queues);
    }
}
