package org.sightline.contracts.console;

/** Why a console session ended: the user signed out, or its token expired. */
public enum LogoutReason {
    SIGNED_OUT,
    EXPIRED
}
