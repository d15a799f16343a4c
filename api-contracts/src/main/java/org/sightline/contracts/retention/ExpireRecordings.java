package org.sightline.contracts.retention;

import java.time.Duration;
import java.time.Instant;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.Require;

/**
 * The retention job asks a session to give up its recording before the rest of its content:
 * under the recordings policy ({@code policy} after the end, as of {@code now}), or, with
 * {@code policy} absent, because the recordings' storage budget is exceeded.
 *
 * @param setting the setting that asks: {@code retention.recordings} or
 *     {@code retention.recordings-budget}
 * @param value that setting's value, as recorded
 */
public record ExpireRecordings(Lsid lsid, String setting, String value, Duration policy,
        Instant now) implements LsidCommand {

    public ExpireRecordings {
        Require.present(lsid, "lsid");
        Require.identifier(setting, "setting");
        Require.present(value, "value");
        Require.present(now, "now");
    }
}
