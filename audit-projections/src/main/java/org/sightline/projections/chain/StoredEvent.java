package org.sightline.projections.chain;

/**
 * One row of the event table, as stored: every column the chain covers.
 *
 * @param lsid the stream (aggregate identifier)
 * @param globalIndex the row's position in the store; not part of the chain
 * @param payloadRevision, metadata absent when the row holds NULL
 */
public record StoredEvent(
        String lsid,
        long seq,
        long globalIndex,
        String eventIdentifier,
        String aggregateType,
        String payloadType,
        String payloadRevision,
        String timestamp,
        byte[] payload,
        byte[] metadata) {

    /** The same event as if it were stored under another sequence number. */
    public StoredEvent withSeq(long otherSeq) {
        return new StoredEvent(lsid, otherSeq, globalIndex, eventIdentifier, aggregateType,
                payloadType, payloadRevision, timestamp, payload, metadata);
    }
}
