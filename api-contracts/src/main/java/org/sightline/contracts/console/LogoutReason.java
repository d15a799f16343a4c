package org.sightline.contracts.console;

/**
 * Why a console session ended: the user signed out, its token expired, or the account's
 * password was replaced (which ends every other console session of the account).
 */
public enum LogoutReason {
    SIGNED_OUT,
    EXPIRED,
    PASSWORD_CHANGED
}
