package org.sightline.contracts.relay;

import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.Require;
import org.sightline.contracts.session.Author;

/**
 * Asks the session whether {@code who} may take {@code role} in its relay now: the customer
 * publishes while the session runs; a rep views while taking part with screen viewing
 * granted. Changes nothing; refused with the reason otherwise.
 */
public record AuthorizeRelay(Lsid lsid, Author who, RelayRole role) implements LsidCommand {

    public AuthorizeRelay {
        Require.present(lsid, "lsid");
        Require.present(who, "who");
        Require.present(role, "role");
    }
}
