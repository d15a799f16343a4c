package org.sightline.contracts.retention;

import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.Require;

/**
 * An admin suspends the expiry of a session's content, for a dispute or an investigation.
 *
 * @param by the admin's account name
 * @param reason why, such as a case number; kept in the record for the auditors
 */
public record PlaceLegalHold(Lsid lsid, String by, String reason) implements LsidCommand {

    public PlaceLegalHold {
        Require.present(lsid, "lsid");
        Require.identifier(by, "by");
        Require.name(reason, "reason");
    }
}
