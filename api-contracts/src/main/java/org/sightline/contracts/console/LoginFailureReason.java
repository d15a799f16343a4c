package org.sightline.contracts.console;

/** Why a console sign-in was refused. */
public enum LoginFailureReason {
    /** The password (local or the directory's) is wrong. */
    BAD_PASSWORD,
    /** No local account and no directory entry has the name. */
    UNKNOWN_USER,
    /** The account is locked after repeated failures; its password was not checked. */
    LOCKED,
    /** A Kerberos ticket's authenticator is further from the server's clock than allowed. */
    CLOCK_SKEW,
    /** A Kerberos ticket that does not validate, or names no known account. */
    BAD_TICKET,
    /** The one-time code of the second factor is wrong or was used before. */
    SECOND_FACTOR_FAILED,
    /** The password is right, but the account's second factor is missing or not enrolled. */
    SECOND_FACTOR_REQUIRED,
    /** The password is right, but it is one-time and must be replaced first. */
    PASSWORD_CHANGE_REQUIRED,
    /** The directory accepted the password, but none of the user's groups is mapped. */
    NO_MAPPED_GROUP,
    /** The directory could not be reached; nothing was decided about the password. */
    DIRECTORY_UNAVAILABLE
}
