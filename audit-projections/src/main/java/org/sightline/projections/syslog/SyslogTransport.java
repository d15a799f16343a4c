package org.sightline.projections.syslog;

import java.io.IOException;

/** Carries formatted syslog messages to one receiver. Not safe for concurrent use. */
public interface SyslogTransport extends AutoCloseable {

    /**
     * Sends one message; returns once it is handed to the network. Fails when the receiver
     * cannot be reached, and then the caller sends it again later.
     */
    void send(byte[] message) throws IOException;

    @Override
    void close();
}
