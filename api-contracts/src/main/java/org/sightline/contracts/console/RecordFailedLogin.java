package org.sightline.contracts.console;

import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.Require;

/**
 * Records a refused console sign-in under a fresh LSID of its own.
 *
 * @param attemptedAccount the name as typed, at most 256 characters
 */
public record RecordFailedLogin(
        Lsid lsid,
        String attemptedAccount,
        LoginFailureReason reason,
        String sourceIp) implements LsidCommand {

    public RecordFailedLogin {
        Require.present(lsid, "lsid");
        Require.name(attemptedAccount, "attemptedAccount");
        Require.present(reason, "reason");
        Require.ipAddress(sourceIp, "sourceIp");
    }
}
