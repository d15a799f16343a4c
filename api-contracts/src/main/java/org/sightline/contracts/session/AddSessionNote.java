package org.sightline.contracts.session;

import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.RepId;
import org.sightline.contracts.Require;

/** A rep's note on a session, not shown to the customer; at most 8 KiB of UTF-8. */
public record AddSessionNote(Lsid lsid, RepId rep, String text) implements LsidCommand {

    public AddSessionNote {
        Require.present(lsid, "lsid");
        Require.present(rep, "rep");
        Require.text(text, "text");
    }
}
