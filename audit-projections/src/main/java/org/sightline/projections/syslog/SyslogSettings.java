package org.sightline.projections.syslog;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sightline.syslog.*}: where the syslog feed goes.
 *
 * @param hostname the HOSTNAME field; absent: this machine's name as the kernel has it (no
 *     name service is asked)
 * @param facility 0 to 23; default 16, local0
 * @param structuredDataId default {@code sightline@32473} (32473 is the example enterprise
 *     number of RFC 5612; a site with its own number sets it here)
 * @param destinations none by default
 */
@ConfigurationProperties("sightline.syslog")
public record SyslogSettings(String hostname, Integer facility, String structuredDataId,
        List<Destination> destinations) {

    public SyslogSettings {
        facility = facility == null ? 16 : facility;
        structuredDataId = structuredDataId == null ? "sightline@32473" : structuredDataId;
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
    }

    /** How a destination is reached. */
    public enum Protocol {
        UDP,
        TCP,
        TLS
    }

    /** Which events a destination receives. */
    public enum Category {
        AUTH,
        CONFIGURATION,
        SESSION,
        CHECKPOINT,
        /** Legal holds, their release, and expiry of session content. */
        RETENTION
    }

    /**
     * One receiver.
     *
     * @param name letters, digits and '-': its processor is {@code syslog-NAME}
     * @param categories default AUTH, CONFIGURATION and RETENTION
     * @param maxBytes default 2048 for UDP, 8192 for TCP and TLS
     * @param timeout for connecting and for the TLS handshake; default 5 seconds
     * @param trustStore PKCS#12 file of the CAs that may sign the receiver's certificate;
     *     absent: the JVM's own trust store
     * @param keyStore PKCS#12 file with a client certificate and key; absent: none sent
     */
    public record Destination(String name, String host, Integer port, Protocol protocol,
            Set<Category> categories, Integer maxBytes, Duration timeout, String trustStore,
            String trustStorePassword, String keyStore, String keyStorePassword) {

        public Destination {
            if (name == null || !name.matches("[A-Za-z0-9-]{1,40}")) {
                throw new IllegalArgumentException("a syslog destination's name is 1 to 40"
                        + " letters, digits and '-'");
            }
            if (host == null || host.isBlank() || port == null || port < 1 || port > 65535) {
                throw new IllegalArgumentException("syslog destination " + name
                        + " needs a host and a port from 1 to 65535");
            }
            protocol = protocol == null ? Protocol.TCP : protocol;
            categories = categories == null || categories.isEmpty()
                    ? Set.of(Category.AUTH, Category.CONFIGURATION, Category.RETENTION)
                    : Set.copyOf(categories);
            maxBytes = maxBytes == null ? (protocol == Protocol.UDP ? 2048 : 8192) : maxBytes;
            timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
            trustStore = trustStore == null || trustStore.isBlank() ? null : trustStore;
            keyStore = keyStore == null || keyStore.isBlank() ? null : keyStore;
        }

        public String processor() {
            return "syslog-" + name;
        }
    }
}
