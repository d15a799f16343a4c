package org.sightline.contracts.session;

import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.Require;

/** A chat line from the customer, a rep or the system; at most 8 KiB of UTF-8. */
public record PostChatMessage(Lsid lsid, Author author, String text) implements LsidCommand {

    public PostChatMessage {
        Require.present(lsid, "lsid");
        Require.present(author, "author");
        Require.text(text, "text");
    }
}
