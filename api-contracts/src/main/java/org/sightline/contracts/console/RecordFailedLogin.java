package org.sightline.contracts.console;

import java.time.Instant;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.Require;

/**
 * Records a refused console sign-in under a fresh LSID of its own.
 *
 * @param attemptedAccount the name as typed, at most 256 characters
 * @param lockedUntil present when this failure locked the account
 * @param failures the account's failures in a row, this one included (0 when not counted)
 */
public record RecordFailedLogin(
        Lsid lsid,
        String attemptedAccount,
        LoginFailureReason reason,
        String sourceIp,
        Instant lockedUntil,
        int failures) implements LsidCommand {

    public RecordFailedLogin {
        Require.present(lsid, "lsid");
        Require.name(attemptedAccount, "attemptedAccount");
        Require.present(reason, "reason");
        Require.ipAddress(sourceIp, "sourceIp");
    }

    public RecordFailedLogin(Lsid lsid, String attemptedAccount, LoginFailureReason reason,
            String sourceIp) {
        this(lsid, attemptedAccount, reason, sourceIp, null, 0);
    }
}
