package org.sightline.projections;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the tracking processors treat a handler that fails: the batch rolls back and the
 * processor retries it, with growing pauses, from its last committed position.
 *
 * <p>Axon's default logs the failure and moves on, which loses the event's rows for good
 * (and, since a failed statement aborts the whole transaction, the rest of the batch's too).
 * A read model, the syslog feed or an export would rather stop, loudly, than skip.
 */
@Configuration(proxyBeanMethods = false)
public class ProcessingConfiguration {

    @Bean
    ConfigurerModule failedEventsStopTheProcessor() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerDefaultListenerInvocationErrorHandler(
                        configuration -> PropagatingErrorHandler.instance()));
    }
}
