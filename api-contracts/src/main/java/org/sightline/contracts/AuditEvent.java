package org.sightline.contracts;

/**
 * An immutable fact that Sightline stores: every event names the session it belongs to.
 *
 * <p>Each implementation is listed in {@link org.sightline.contracts.catalogue.EventCatalogue}
 * with its stable name, code and severity.
 */
public interface AuditEvent {

    /** The session (support or console) this event belongs to; never null. */
    Lsid lsid();
}
