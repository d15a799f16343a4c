package org.sightline.ops.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolNegotiator;
import io.netty.handler.ssl.SslContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSessionContext;

/**
 * The server's TLS set-up, looked up afresh for every new connection: replacing it changes
 * the certificate, protocols and cipher order of the next handshake without a restart, and
 * leaves open connections as they are. Engines come from the JDK's own TLS (SunJSSE), which
 * honours the server's cipher order ({@link SSLParameters#setUseCipherSuitesOrder}).
 */
final class ReloadableSslContext extends SslContext {

    /** One complete set-up; {@code ciphers} empty for the JDK's defaults. */
    record Setup(SSLContext context, List<String> protocols, List<String> ciphers,
            String fingerprint) {

        Setup {
            protocols = List.copyOf(protocols);
            ciphers = List.copyOf(ciphers);
        }
    }

    private final AtomicReference<Setup> current = new AtomicReference<>();

    void replace(Setup setup) {
        current.set(setup);
    }

    Setup current() {
        return current.get();
    }

    private Setup required() {
        Setup setup = current.get();
        if (setup == null) {
            throw new IllegalStateException("no certificate is loaded yet");
        }
        return setup;
    }

    @Override
    public SSLEngine newEngine(ByteBufAllocator alloc) {
        return configure(required(), required().context().createSSLEngine());
    }

    @Override
    public SSLEngine newEngine(ByteBufAllocator alloc, String peerHost, int peerPort) {
        Setup setup = required();
        return configure(setup, setup.context().createSSLEngine(peerHost, peerPort));
    }

    private static SSLEngine configure(Setup setup, SSLEngine engine) {
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(setup.protocols().toArray(String[]::new));
        if (!setup.ciphers().isEmpty()) {
            parameters.setCipherSuites(setup.ciphers().toArray(String[]::new));
        }
        parameters.setUseCipherSuitesOrder(true);
        engine.setSSLParameters(parameters);
        return engine;
    }

    @Override
    public boolean isClient() {
        return false;
    }

    @Override
    public List<String> cipherSuites() {
        Setup setup = required();
        return setup.ciphers().isEmpty()
                ? List.of(setup.context().getDefaultSSLParameters().getCipherSuites())
                : setup.ciphers();
    }

    // Netty's SslContext still declares this deprecated negotiator; the server offers no
    // ALPN (HTTP/1.1 only), so the list is empty.
    @Override
    @SuppressWarnings("deprecation")
    public ApplicationProtocolNegotiator applicationProtocolNegotiator() {
        return List::of;
    }

    @Override
    public SSLSessionContext sessionContext() {
        return required().context().getServerSessionContext();
    }
}
