package org.sightline.contracts.session;

import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.Require;

/** Control returns to the customer: taken back by the customer or released by its holder. */
public record TakeBackControl(Lsid lsid, Author by) implements LsidCommand {

    public TakeBackControl {
        Require.present(lsid, "lsid");
        Require.present(by, "by");
    }
}
