package org.sightline.contracts.session;

/** A representative's part in a session: the one who owns it, or one who joined to help. */
public enum RepRole {
    OWNER,
    PARTICIPANT
}
