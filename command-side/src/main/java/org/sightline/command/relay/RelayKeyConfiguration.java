package org.sightline.command.relay;

import java.nio.file.Path;
import org.sightline.command.encryption.SecretFiles;
import org.sightline.contracts.relay.RelayTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The key that signs relay tokens, shared by every node: made on first start if missing. */
@Configuration(proxyBeanMethods = false)
public class RelayKeyConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RelayKeyConfiguration.class);

    @Bean
    RelayTokens relayTokens(
            @Value("${sightline.relay.token-key-file:.sightline/relay-token.key}") Path file) {
        return new RelayTokens(SecretFiles.readOrCreate(file, 32, () -> LOG.info(
                "Made the relay token key {}; give every node the same file"
                        + " (sightline.relay.token-key-file).", file.toAbsolutePath())));
    }
}
