package org.sightline.contracts.retention;

import java.time.Duration;
import java.time.Instant;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.Require;

/**
 * The retention job asks a session to expire its content under a policy, as of {@code now}.
 * The session decides: it refuses unless it has ended, is not held, has not expired yet and
 * {@code now} is at or after its end plus {@code policy}.
 *
 * @param setting the setting the policy comes from, such as {@code retention.session-data}
 */
public record ExpireSessionData(Lsid lsid, String setting, Duration policy, Instant now)
        implements LsidCommand {

    public ExpireSessionData {
        Require.present(lsid, "lsid");
        Require.identifier(setting, "setting");
        Require.present(policy, "policy");
        Require.present(now, "now");
        if (policy.isNegative() || policy.isZero()) {
            throw new IllegalArgumentException("a retention policy is a positive duration");
        }
    }
}
