package org.sightline.projections.replay;

import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.sightline.projections.retention.RetentionSchedule;
import org.sightline.projections.sessionlist.SessionListProjection;
import org.sightline.projections.sessionlog.SessionLogProjection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the read models from the event store: each processor stops, drops its rows,
 * and replays every event from the start.
 *
 * <p>An admin's request is a row of {@code read_model_rebuild}, recorded by whichever node
 * took it; the node that runs the read models' processors (role {@code processing}) finds it
 * within {@code sightline.read-models.rebuild-check-interval}, carries it out, and marks it
 * started. A node that stops between the two carries it out again when it comes back, which
 * rebuilds the same rows: a request is never lost.
 *
 * <p>NOTE: with several processing nodes each would rebuild the processors it runs, and Axon
 * resets a processor's tokens only while no other node holds them; the deployment manifests
 * therefore run one processing node.
 */
@Component
public class ReadModels {

    private static final Logger LOG = LoggerFactory.getLogger(ReadModels.class);

    /** The processors whose read models this class rebuilds. */
    public static final List<String> PROCESSORS =
            List.of(SessionLogProjection.PROCESSOR, SessionListProjection.PROCESSOR,
                    RetentionSchedule.PROCESSOR);

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;

    public ReadModels(EventProcessingConfiguration processing, JdbcTemplate jdbc) {
        this.processing = processing;
        this.jdbc = jdbc;
    }

    /** Records an admin's request; the rows come back as the replay proceeds. */
    public void request(String requestedBy) {
        jdbc.update("INSERT INTO read_model_rebuild (requested_by) VALUES (?)", requestedBy);
        LOG.info("{} asked for the read models to be rebuilt", requestedBy);
    }

    /** Carries out the requests not yet started, if this node runs the read models. */
    @Scheduled(fixedDelayString = "${sightline.read-models.rebuild-check-interval:PT1S}")
    void carryOutRequests() {
        if (processing.eventProcessor(SessionLogProjection.PROCESSOR).isEmpty()) {
            return;
        }
        List<Long> pending = jdbc.queryForList("SELECT id FROM read_model_rebuild"
                + " WHERE started_at IS NULL ORDER BY id", Long.class);
        if (pending.isEmpty()) {
            return;
        }
        PROCESSORS.forEach(this::rebuild);
        jdbc.update("UPDATE read_model_rebuild SET started_at = now() WHERE id = ANY (?)",
                (Object) pending.toArray(Long[]::new));
    }

    private void rebuild(String processorName) {
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
