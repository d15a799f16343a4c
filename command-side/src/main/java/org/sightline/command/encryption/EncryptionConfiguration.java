package org.sightline.command.encryption;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Puts field encryption between Axon and the event store: the event serializer encrypts and
 * decrypts; everything else keeps Axon's Jackson serializer.
 *
 * <p>The master key comes from {@code sightline.encryption.keystore} (PKCS#12, with
 * {@code keystore-password} and {@code key-alias}) when set, else from
 * {@code sightline.encryption.master-key-file}, made there on first start.
 */
@Configuration(proxyBeanMethods = false)
public class EncryptionConfiguration {

    @Bean
    MasterKey masterKey(
            @Value("${sightline.encryption.master-key-file:.sightline/master.key}") Path file,
            @Value("${sightline.encryption.keystore:}") String keyStore,
            @Value("${sightline.encryption.keystore-password:}") String password,
            @Value("${sightline.encryption.key-alias:sightline-master}") String alias) {
        return keyStore.isBlank()
                ? MasterKey.readOrCreate(file)
                : MasterKey.fromKeyStore(Path.of(keyStore), password.toCharArray(), alias);
    }

    @Bean
    DataKeys dataKeys(JdbcTemplate jdbc, MasterKey masterKey, Clock clock,
            @Value("${sightline.encryption.key-cache-ttl:PT1M}") Duration cacheTtl) {
        return new DataKeys(jdbc, masterKey, cacheTtl, clock);
    }

    /** Once every bean (the schema migrations too) is ready, before anything is processed. */
    @Bean
    SmartInitializingSingleton refuseAnotherMasterKey(DataKeys dataKeys, MasterKey masterKey) {
        return () -> {
            try {
                dataKeys.checkMasterKey();
            } catch (IllegalStateException e) {
                masterKey.forgetMadeFile();
                throw e;
            }
        };
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(Serializer serializer, DataKeys dataKeys) {
        if (!(serializer instanceof JacksonSerializer jackson)) {
            throw new IllegalStateException("field encryption needs axon.serializer.general:"
                    + " jackson, not " + serializer.getClass().getName());
        }
        return new EncryptingSerializer(jackson,
                new FieldEncryption(dataKeys, jackson.getObjectMapper()));
    }

    /** The shredder runs inside the expiring command's transaction, and fails it if it fails. */
    @Bean
    ConfigurerModule dataKeyShredderIsSubscribing() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSubscribingEventProcessor(DataKeyShredder.PROCESSOR)
                .registerListenerInvocationErrorHandler(DataKeyShredder.PROCESSOR,
                        configuration -> PropagatingErrorHandler.instance()));
    }
}
