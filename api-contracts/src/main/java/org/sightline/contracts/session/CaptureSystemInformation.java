package org.sightline.contracts.session;

import java.util.List;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.Require;

/** The customer's client reports system information, once a rep was granted it. */
public record CaptureSystemInformation(Lsid lsid, List<InfoSection> sections)
        implements LsidCommand {

    /** The most sections one capture may hold. */
    public static final int MAX_SECTIONS = 64;

    public CaptureSystemInformation {
        Require.present(lsid, "lsid");
        Require.present(sections, "sections");
        if (sections.isEmpty() || sections.size() > MAX_SECTIONS) {
            throw new IllegalArgumentException(
                    "sections holds 1 to " + MAX_SECTIONS + " sections");
        }
        sections.forEach(section -> Require.present(section, "section"));
        sections = List.copyOf(sections);
    }
}
