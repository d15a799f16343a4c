package org.sightline.contracts.relay;

import java.time.Instant;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.Require;

/**
 * What a relay token grants: one role in one session's relay, until {@code expiresAt}.
 *
 * @param subject the rep's account name for a viewer; {@code customer} for the publisher
 */
public record RelayToken(Lsid lsid, RelayRole role, String subject, Instant expiresAt) {

    public RelayToken {
        Require.present(lsid, "lsid");
        Require.present(role, "role");
        Require.identifier(subject, "subject");
        Require.present(expiresAt, "expiresAt");
    }
}
