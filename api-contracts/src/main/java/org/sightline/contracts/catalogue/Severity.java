package org.sightline.contracts.catalogue;

/**
 * How much an event matters to an operator, with the numeric severity of RFC 5424 so that
 * the syslog feed can carry it unchanged.
 */
public enum Severity {
    /** Someone must act at once, such as when the audit trail no longer verifies. */
    ALERT(1),
    WARNING(4),
    NOTICE(5),
    INFO(6);

    private final int syslogCode;

    Severity(int syslogCode) {
        this.syslogCode = syslogCode;
    }

    /** The RFC 5424 severity number, 0 (emergency) to 7 (debug). */
    public int syslogCode() {
        return syslogCode;
    }
}
