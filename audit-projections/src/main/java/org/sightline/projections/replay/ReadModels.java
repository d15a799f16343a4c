package org.sightline.projections.replay;

import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.sightline.projections.retention.RetentionSchedule;
import org.sightline.projections.sessionlist.SessionListProjection;
import org.sightline.projections.sessionlog.SessionLogProjection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the read models from the event store: each processor stops, drops its rows,
 * and replays every event from the start.
 *
 * <p>NOTE: the processor must run on this node; on a cluster, call it where the processor's
 * segment is claimed, or stop the others first.
 */
@Component
public class ReadModels {

    private static final Logger LOG = LoggerFactory.getLogger(ReadModels.class);

    /** The processors whose read models this class rebuilds. */
    public static final List<String> PROCESSORS =
            List.of(SessionLogProjection.PROCESSOR, SessionListProjection.PROCESSOR,
                    RetentionSchedule.PROCESSOR);

    private final EventProcessingConfiguration processing;

    public ReadModels(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    /** Starts the rebuild of every read model; the rows come back as the replay proceeds. */
    public void rebuildAll() {
        PROCESSORS.forEach(this::rebuild);
    }

    public void rebuild(String processorName) {
        TrackingEventProcessor processor = processing
                .eventProcessor(processorName, TrackingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException(
                        "no tracking processor named " + processorName));

        processor.shutDown();
        processor.resetTokens();
        processor.start();
        LOG.info("Processor {} replays the event store from the start", processorName);
    }
}
