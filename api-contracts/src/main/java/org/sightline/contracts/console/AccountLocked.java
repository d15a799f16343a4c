package org.sightline.contracts.console;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.Require;

/**
 * Repeated failed sign-ins locked an account; it follows the failure that locked it, under
 * that attempt's LSID.
 *
 * @param lockedUntil when sign-in opens again, ISO-8601 UTC
 * @param failures the failed attempts that led to the lock
 */
public record AccountLocked(
        Lsid lsid,
        String account,
        String lockedUntil,
        int failures) implements AuditEvent {

    public AccountLocked {
        Require.present(lsid, "lsid");
    }
}
