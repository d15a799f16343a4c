package org.sightline.projections.syslog;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;

/**
 * RFC 5426: one message per datagram. UDP says nothing of delivery: what a receiver misses
 * is gone; use TCP or TLS where every message must arrive.
 */
final class UdpTransport implements SyslogTransport {

    private final String host;
    private final int port;
    private DatagramSocket socket;

    UdpTransport(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public void send(byte[] message) throws IOException {
        if (socket == null) {
            socket = new DatagramSocket();
        }
        socket.send(new DatagramPacket(message, message.length,
                new InetSocketAddress(host, port)));
    }

    /** Datagrams are sent one by one; there is nothing to confirm. */
    @Override
    public void commit() {
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
