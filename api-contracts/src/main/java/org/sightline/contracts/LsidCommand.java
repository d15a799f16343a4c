package org.sightline.contracts;

/** A command addressed to the aggregate whose identifier is the command's LSID. */
public interface LsidCommand {

    /** The session the command acts on; never null. */
    Lsid lsid();
}
