package org.sightline.contracts.configuration;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.Require;

/**
 * A site setting changed.
 *
 * <p>{@code lsid} is the console session of the admin who changed it; {@code oldValue} is
 * absent for a setting set for the first time.
 */
public record ConfigurationChanged(
        Lsid lsid,
        String setting,
        String oldValue,
        String newValue,
        String changedBy) implements AuditEvent {

    public ConfigurationChanged {
        Require.present(lsid, "lsid");
    }
}
