package org.sightline.ops.tls;

import java.util.List;
import org.sightline.command.tls.SiteCertificates;
import org.sightline.command.tls.SiteCertificates.Served;
import org.sightline.command.tls.SiteTlsSettings;
import org.sightline.command.tls.TlsProbe;
import org.sightline.contracts.configuration.TlsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Keeps the server's TLS set-up equal to what the site's settings ask for. At start it
 * loads the certificate (making the site's self-signed one on its first start), then it
 * reads the settings every {@code sightline.tls.refresh-interval}: a change made through any
 * node is served by every node within that time, without a restart.
 */
class ServedTls implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(ServedTls.class);

    private final ReloadableSslContext sslContext;
    private final SiteCertificates certificates;
    private final SiteTlsSettings settings;
    private final List<String> selfSignedNames;

    ServedTls(ReloadableSslContext sslContext, SiteCertificates certificates,
            SiteTlsSettings settings, List<String> selfSignedNames) {
        this.sslContext = sslContext;
        this.certificates = certificates;
        this.settings = settings;
        this.selfSignedNames = List.copyOf(selfSignedNames);
    }

    @Override
    public void afterSingletonsInstantiated() {
        boolean[] made = {false};
        Served selfSigned = certificates.selfSigned(selfSignedNames, made);
        if (made[0]) {
            String line = "Sightline made a self-signed TLS certificate for " + selfSignedNames
                    + "; its SHA-256 fingerprint is " + selfSigned.printedFingerprint();
            System.out.println(line);
            LOG.info("{}. Import a certificate signed for the site's names to replace it.", line);
        }
        refresh();
        if (sslContext.current() == null) {
            // What the settings ask cannot be served (a JVM that lost a protocol or suite):
            // rather than no site at all, the self-signed certificate with the defaults, so
            // that an admin can reach it and correct the settings.
            LOG.error("TLS: the site's settings cannot be served; serving the self-signed"
                    + " certificate with the default protocols until an admin changes them");
            apply(new SiteTlsSettings.Wanted(TlsSettings.DEFAULT_PROTOCOLS, List.of(), null));
        }
        ReloadableSslContext.Setup setup = sslContext.current();
        Served served = certificates.byFingerprint(setup.fingerprint()).orElseThrow();
        LOG.info("TLS: protocols {}, cipher suites {}, certificate {} (SHA-256 {})",
                setup.protocols(), setup.ciphers().isEmpty() ? "the JVM's defaults"
                        : setup.ciphers(), served.subject(), served.printedFingerprint());
    }

    /** Applies the settings when they changed since the last look. */
    @Scheduled(fixedDelayString = "${sightline.tls.refresh-interval:PT2S}",
            initialDelayString = "${sightline.tls.refresh-interval:PT2S}")
    void refresh() {
        try {
            apply(settings.read());
        } catch (RuntimeException e) {
            LOG.warn("TLS settings not applied, the previous ones stay: {}", e.toString());
            LOG.debug("TLS settings not applied", e);
        }
    }

    private void apply(SiteTlsSettings.Wanted wanted) {
        ReloadableSslContext.Setup current = sslContext.current();
        String fingerprint = wanted.certificate();
        if (current != null && current.protocols().equals(wanted.protocols())
                && current.ciphers().equals(wanted.ciphers())
                && (fingerprint == null || fingerprint.equals(current.fingerprint()))) {
            return;
        }
        Served served = fingerprint == null
                ? certificates.existingSelfSigned().orElseThrow()
                : certificates.byFingerprint(fingerprint).orElseThrow(() ->
                        new IllegalStateException("the certificate " + fingerprint
                                + " named by tls.certificate is not stored"));
        sslContext.replace(new ReloadableSslContext.Setup(
                TlsProbe.serverContext(served.key(), served.chain()),
                wanted.protocols(), wanted.ciphers(), served.fingerprint()));
        if (current != null) {
            LOG.info("TLS changed: protocols {}, cipher suites {}, certificate {} (SHA-256 {})",
                    wanted.protocols(), wanted.ciphers().isEmpty() ? "the JVM's defaults"
                            : wanted.ciphers(), served.subject(), served.printedFingerprint());
        }
    }
}
