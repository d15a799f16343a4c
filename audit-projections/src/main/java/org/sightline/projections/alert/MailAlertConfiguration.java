package org.sightline.projections.alert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.sightline.projections.ProcessingNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The mail alert processor, {@value #PROCESSOR}, when {@code sightline.mail.host} is set.
 *
 * <p>Its position is persisted like every processor's. The first time it runs it starts at
 * the newest event: switching mail alerts on does not mail the site's whole history. From
 * then on nothing is skipped, across restarts and mail server outages alike.
 */
@ProcessingNode
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MailSettings.class)
public class MailAlertConfiguration {

    public static final String PROCESSOR = "mail-alerts";

    /** Events the processor reads, and confirms, in one transaction. */
    static final int BATCH = 500;

    private static final Logger LOG = LoggerFactory.getLogger(MailAlertConfiguration.class);

    @Bean
    @ConditionalOnProperty("sightline.mail.host")
    ConfigurerModule mailAlertProcessor(MailSettings settings, JdbcTemplate jdbc) {
        String heloName = settings.heloName() != null ? settings.heloName() : kernelHostname();
        MailAlerter alerter = new MailAlerter(new SmtpMailer(settings, heloName),
                () -> AlertChoices.newest(jdbc), settings.minInterval(), settings.describe());
        LOG.info("Mail alerts go through {}", settings.describe());
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerEventHandler(configuration -> alerter)
                .assignHandlerInstancesMatching(PROCESSOR, Integer.MAX_VALUE,
                        handler -> handler == alerter)
                .registerTrackingEventProcessor(PROCESSOR,
                        configuration -> configuration.eventStore(),
                        configuration -> TrackingEventProcessorConfiguration
                                .forSingleThreadedProcessing()
                                .andBatchSize(BATCH)
                                .andInitialTrackingToken(
                                        StreamableMessageSource::createHeadToken)));
    }

    /** This machine's name as the kernel has it; never a name-service look-up. */
    private static String kernelHostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname"),
                    StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null ? "localhost" : fromEnvironment;
        }
    }
}
