package org.sightline.projections.syslog;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * RFC 6587 octet counting over TCP ({@code LENGTH SP MESSAGE}), or over TLS as RFC 5425
 * says, with the server's certificate checked against the trust store and its name.
 *
 * <p>A batch's messages are buffered and flushed at commit. Before a batch is written, and
 * again after it is flushed, the connection is checked: a receiver that closed it (stopped
 * or restarted) makes the commit fail, and the batch is sent again on a new connection
 * rather than into a socket nobody reads. Connecting and the TLS handshake each have a time
 * limit.
 */
final class StreamTransport implements SyslogTransport {

    private final String host;
    private final int port;
    private final SSLContext tls;
    private final Duration timeout;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private boolean inBatch;

    /** {@code tls} absent for plain TCP; the host's name is looked up at each connect. */
    StreamTransport(String host, int port, SSLContext tls, Duration timeout) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.timeout = timeout;
    }

    @Override
    public void send(byte[] message) throws IOException {
        if (!inBatch) {
            if (socket == null || peerClosed()) {
                close();
                connect();
            }
            inBatch = true;
        }
        try {
            out.write((message.length + " ").getBytes(StandardCharsets.US_ASCII));
            out.write(message);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    @Override
    public void commit() throws IOException {
        if (!inBatch) {
            return;
        }
        inBatch = false;
        try {
            out.flush();
        } catch (IOException e) {
            close();
            throw e;
        }
        if (peerClosed()) {
            close();
            throw new IOException("the receiver closed the connection during the batch");
        }
    }

    private void connect() throws IOException {
        int millis = (int) timeout.toMillis();
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), millis);
            plain.setSoTimeout(millis);
            if (tls != null) {
                plain = handshake(plain, millis);
            }
        } catch (IOException e) {
            plain.close();
            throw e;
        }
        socket = plain;
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        in = socket.getInputStream();
    }

    private SSLSocket handshake(Socket plain, int millis) throws IOException {
        SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port,
                true);
        SSLParameters parameters = secure.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        // SNI names hosts only: an IP literal (dotted quad, or IPv6 with colons) goes without.
        if (!host.matches("\\d{1,3}(\\.\\d{1,3}){3}") && host.indexOf(':') < 0) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        secure.setSSLParameters(parameters);
        secure.setSoTimeout(millis);
        secure.startHandshake();
        return secure;
    }

    /**
     * Whether the receiver closed its end: a syslog receiver never writes, so a read that
     * ends the stream means the connection is gone.
     */
    private boolean peerClosed() {
        try {
            socket.setSoTimeout(1);
            return in.read() < 0;
        } catch (SocketTimeoutException quiet) {
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            try {
                if (socket != null) {
                    socket.setSoTimeout((int) timeout.toMillis());
                }
            } catch (IOException ignored) {
                // The next write finds out.
            }
        }
    }

    @Override
    public void close() {
        inBatch = false;
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing a broken connection has nothing left to tell.
            }
            socket = null;
        }
    }
}
