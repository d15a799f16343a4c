package org.sightline.command.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * Tries a set-up before it is recorded: a client in this JVM shakes hands, in memory, with a
 * server using exactly the key, chain, protocols and suites every node would then serve, and
 * checks the chain as a TLS client does (a CA's constraints, the key usages, a server's
 * extended key usage). A set-up no client could use, or one clients refuse, is bad input,
 * never an event that takes a site off the air on every node and at every restart.
 */
public final class TlsProbe {

    private static final char[] IN_MEMORY = "in-memory".toCharArray();
    private static final int MAX_STEPS = 200;

    private TlsProbe() {
    }

    /** The server side of a certificate, as every node serves it. */
    public static SSLContext serverContext(PrivateKey key, List<X509Certificate> chain) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("site", key, IN_MEMORY, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory keys =
                    KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, IN_MEMORY);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the certificate cannot be served: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Fails with {@link IllegalArgumentException}, saying why, unless a client completes a
     * handshake over each protocol and trusts the chain.
     *
     * @param ciphers empty for the JVM's defaults
     */
    public static void requireServable(PrivateKey key, List<X509Certificate> chain,
            List<String> protocols, List<String> ciphers) {
        for (X509Certificate certificate : chain) {
            if (certificate.getSigAlgName().toUpperCase(Locale.ROOT).contains("SHA1")
                    && !selfSigned(certificate)) {
                throw new IllegalArgumentException("chain: " + subject(certificate)
                        + " is signed with SHA-1, which clients refuse");
            }
        }
        if (chain.get(0).getBasicConstraints() >= 0) {
            throw new IllegalArgumentException("chain: the site's certificate is a CA"
                    + " certificate; clients refuse a CA as a server");
        }
        SSLContext server = serverContext(key, chain);
        SSLContext client = clientTrusting(chain);
        for (String protocol : protocols) {
            try {
                handshake(server, client, protocol, ciphers);
            } catch (SSLException | RuntimeException e) {
                throw new IllegalArgumentException("no client could connect over " + protocol
                        + " with this certificate and these cipher suites: " + e.getMessage());
            }
        }
    }

    /** A client that trusts the chain's own root, or (when it is left out) the JVM's roots. */
    private static SSLContext clientTrusting(List<X509Certificate> chain) {
        try {
            X509Certificate top = chain.get(chain.size() - 1);
            TrustManagerFactory trust =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (selfSigned(top)) {
                KeyStore anchors = KeyStore.getInstance("PKCS12");
                anchors.load(null, null);
                anchors.setCertificateEntry("root", top);
                trust.init(anchors);
            } else {
                trust.init((KeyStore) null);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make a TLS client", e);
        }
    }

    private static void handshake(SSLContext serverContext, SSLContext clientContext,
            String protocol, List<String> ciphers) throws SSLException {
        SSLEngine server = serverContext.createSSLEngine();
        server.setUseClientMode(false);
        SSLParameters parameters = server.getSSLParameters();
        parameters.setProtocols(new String[] {protocol});
        if (!ciphers.isEmpty()) {
            parameters.setCipherSuites(ciphers.toArray(String[]::new));
        }
        parameters.setUseCipherSuitesOrder(true);
        server.setSSLParameters(parameters);
        SSLEngine client = clientContext.createSSLEngine("sightline-probe", 443);
        client.setUseClientMode(true);
        client.setEnabledProtocols(new String[] {protocol});

        ByteBuffer empty = ByteBuffer.allocate(0);
        ByteBuffer toServer = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
        ByteBuffer toClient = ByteBuffer.allocate(server.getSession().getPacketBufferSize());
        ByteBuffer clientApp = ByteBuffer.allocate(client.getSession().getApplicationBufferSize());
        ByteBuffer serverApp = ByteBuffer.allocate(server.getSession().getApplicationBufferSize());
        client.beginHandshake();
        server.beginHandshake();
        for (int step = 0; step < MAX_STEPS; step++) {
            client.wrap(empty, toServer);
            runTasks(client);
            toServer.flip();
            server.unwrap(toServer, serverApp);
            toServer.compact();
            runTasks(server);
            server.wrap(empty, toClient);
            runTasks(server);
            toClient.flip();
            client.unwrap(toClient, clientApp);
            toClient.compact();
            runTasks(client);
            if (done(client) && done(server)) {
                return;
            }
        }
        throw new SSLException("the handshake did not finish");
    }

    private static boolean done(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }

    private static void runTasks(SSLEngine engine) {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static boolean selfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }
}
