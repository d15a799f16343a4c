package org.sightline.projections.syslog;

import java.io.IOException;

/**
 * Carries formatted syslog messages to one receiver, a batch at a time. Not safe for
 * concurrent use.
 */
public interface SyslogTransport extends AutoCloseable {

    /** Queues one message of the current batch; it may be written at once or at commit. */
    void send(byte[] message) throws IOException;

    /**
     * Ends the batch: every message is handed to the network and the receiver is still
     * there. Fails otherwise, and then the caller sends the whole batch again.
     */
    void commit() throws IOException;

    @Override
    void close();
}
