package org.sightline.contracts.console;

/** Why a console login was refused. */
public enum LoginFailureReason {
    BAD_PASSWORD,
    UNKNOWN_USER,
    LOCKED
}
