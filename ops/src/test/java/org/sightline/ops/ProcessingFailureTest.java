package org.sightline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.junit.jupiter.api.Test;
import org.sightline.projections.chain.ChainStatusRecorder;
import org.sightline.projections.replay.ReadModels;
import org.springframework.beans.factory.annotation.Autowired;

/** A failing handler stops its processor (which retries) instead of skipping the event. */
class ProcessingFailureTest extends SightlineIntegrationTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void everyProcessorRetriesAFailedEventRatherThanSkippingIt() {
        for (String processor : ReadModels.PROCESSORS) {
            assertThat(processing.listenerInvocationErrorHandler(processor))
                    .as(processor)
                    .isSameAs(PropagatingErrorHandler.instance());
        }
        assertThat(processing.listenerInvocationErrorHandler(ChainStatusRecorder.PROCESSOR))
                .isSameAs(PropagatingErrorHandler.instance());
    }
}
