package org.sightline.contracts.console;

/** What a console account may do: administer the site, support customers, or audit. */
public enum AccountRole {
    ADMIN,
    REP,
    AUDITOR
}
