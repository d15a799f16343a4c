package org.sightline.contracts.session;

import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.RepId;
import org.sightline.contracts.Require;

/** Control of the customer's screen goes to a rep whom the customer granted control. */
public record GiveControl(Lsid lsid, RepId rep) implements LsidCommand {

    public GiveControl {
        Require.present(lsid, "lsid");
        Require.present(rep, "rep");
    }
}
