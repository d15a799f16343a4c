package org.sightline.projections.syslog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.sightline.projections.ProcessingNode;
import org.sightline.projections.syslog.SyslogSettings.Destination;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One tracking processor per syslog destination, named {@code syslog-NAME}, each with its own
 * persisted position. A new destination receives the whole history first, oldest first: every
 * event reaches every destination.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SyslogSettings.class)
public class SyslogConfiguration {

    /** Events a syslog processor sends, and confirms, in one transaction. */
    static final int BATCH = 200;

    /** One forwarder a destination; their connections close when the application stops. */
    @Bean(destroyMethod = "close")
    @ProcessingNode
    SyslogForwarders syslogForwarders(SyslogSettings settings) {
        Rfc5424 format = new Rfc5424(settings.facility(), hostname(settings), "sightline",
                Long.toString(ProcessHandle.current().pid()), settings.structuredDataId());
        return new SyslogForwarders(settings.destinations().stream()
                .map(destination -> new SyslogForwarder(destination, format,
                        transport(destination)))
                .toList());
    }

    /** The forwarders of every destination. */
    public record SyslogForwarders(List<SyslogForwarder> all) {

        public void close() {
            all.forEach(SyslogForwarder::close);
        }
    }

    @Bean
    @ProcessingNode
    ConfigurerModule syslogProcessors(SyslogForwarders forwarders) {
        return configurer -> configurer.eventProcessing(processing -> {
            for (SyslogForwarder forwarder : forwarders.all()) {
                Destination destination = forwarder.destination();
                processing.registerEventHandler(configuration -> forwarder)
                        .assignHandlerInstancesMatching(destination.processor(),
                                Integer.MAX_VALUE, handler -> handler == forwarder)
                        .registerTrackingEventProcessor(destination.processor(),
                                configuration -> configuration.eventStore(),
                                configuration -> TrackingEventProcessorConfiguration
                                        .forSingleThreadedProcessing()
                                        .andBatchSize(BATCH));
            }
        });
    }

    private static SyslogTransport transport(Destination destination) {
        return switch (destination.protocol()) {
            case UDP -> new UdpTransport(destination.host(), destination.port());
            case TCP -> new StreamTransport(destination.host(), destination.port(), null,
                    destination.timeout());
            case TLS -> new StreamTransport(destination.host(), destination.port(),
                    tls(destination), destination.timeout());
        };
    }

    private static SSLContext tls(Destination destination) {
        try {
            TrustManagerFactory trust =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(destination.trustStore() == null
                    ? null
                    : keyStore(destination.trustStore(), destination.trustStorePassword()));
            KeyManagerFactory keys = null;
            if (destination.keyStore() != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(keyStore(destination.keyStore(), destination.keyStorePassword()),
                        password(destination.keyStorePassword()));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(),
                    null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("syslog destination " + destination.name()
                    + ": its trust or key store cannot be used: " + e.getMessage(), e);
        }
    }

    private static KeyStore keyStore(String file, String password)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            store.load(in, password(password));
        }
        return store;
    }

    private static char[] password(String password) {
        return password == null ? new char[0] : password.toCharArray();
    }

    /** The configured name, or the kernel's; never a name-service look-up. */
    private static String hostname(SyslogSettings settings) {
        if (settings.hostname() != null) {
            return settings.hostname();
        }
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname"),
                    StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null ? "-" : fromEnvironment;
        }
    }
}
