package org.sightline.contracts.configuration;

import org.sightline.contracts.Lsid;

/**
 * How a setting's value in force is read from the event store itself: the newest
 * {@link ConfigurationChanged} of the site's stream for that setting. Never from a read
 * model, which during a rebuild holds every past value in turn.
 *
 * <pre>jdbc.queryForList(NEWEST_VALUE, String.class, arguments(setting))</pre>
 * gives one row with the value, or none when the setting was never set.
 */
public final class StoredSettings {

    /** The newest value of a setting; its arguments are {@link #arguments(String)}. */
    public static final String NEWEST_VALUE =
            "SELECT convert_from(payload, 'UTF8')::jsonb ->> 'newValue' FROM domainevententry"
            + " WHERE aggregateidentifier = ? AND payloadtype = ?"
            + " AND position(convert_to(?, 'UTF8') IN payload) > 0"
            + " ORDER BY sequencenumber DESC LIMIT 1";

    private StoredSettings() {
    }

    public static Object[] arguments(String setting) {
        return new Object[] {Lsid.SITE.value(), ConfigurationChanged.class.getName(),
            "\"setting\":\"" + setting + "\""};
    }
}
