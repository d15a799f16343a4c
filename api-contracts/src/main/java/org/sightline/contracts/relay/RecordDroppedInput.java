package org.sightline.contracts.relay;

import java.time.Instant;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.RepId;
import org.sightline.contracts.Require;

/** The relay dropped a burst of a rep's input; see {@link InputDropped}. */
public record RecordDroppedInput(Lsid lsid, RepId rep, int frames, Instant firstAt)
        implements LsidCommand {

    public RecordDroppedInput {
        Require.present(lsid, "lsid");
        Require.present(rep, "rep");
        Require.present(firstAt, "firstAt");
        if (frames < 1) {
            throw new IllegalArgumentException("a burst holds at least one frame");
        }
    }
}
