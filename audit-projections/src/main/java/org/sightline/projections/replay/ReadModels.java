package org.sightline.projections.replay;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.sightline.projections.retention.RetentionSchedule;
import org.sightline.projections.sessionlist.SessionListProjection;
import org.sightline.projections.sessionlog.SessionLogProjection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds the read models from the event store: each processor stops, drops its rows,
 * and replays every event from the start.
 *
 * <p>An admin's request is a row of {@code read_model_rebuild}, recorded by whichever node
 * took it. Every node that runs the read models' processors (role {@code processing}) looks
 * for requests each {@code sightline.read-models.rebuild-check-interval}; seeing one, it
 * pauses those processors, which lets go of their positions. The one node that locks the
 * request then resets the positions (possible only once no node holds them), marks the
 * request started and resumes; the others resume once it is marked. A node that stops in
 * between leaves the request unmarked, and the next look carries it out: a request is
 * never lost, and never carried out twice.
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
    private final TransactionTemplate transaction;
    /** The processors this node paused for a rebuild, to be resumed. */
    private final Set<String> paused = ConcurrentHashMap.newKeySet();

    public ReadModels(EventProcessingConfiguration processing, JdbcTemplate jdbc,
            PlatformTransactionManager transactions) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Records an admin's request; the rows come back as the replay proceeds. */
    public void request(String requestedBy) {
        jdbc.update("INSERT INTO read_model_rebuild (requested_by) VALUES (?)", requestedBy);
        LOG.info("{} asked for the read models to be rebuilt", requestedBy);
    }

    /** The processors paused on this node while a rebuild is under way. */
    public Set<String> paused() {
        return Set.copyOf(paused);
    }

    /** Takes part in the requests not yet started, if this node runs the read models. */
    @Scheduled(fixedDelayString = "${sightline.read-models.rebuild-check-interval:PT1S}")
    void carryOutRequests() {
        if (processing.eventProcessor(SessionLogProjection.PROCESSOR).isEmpty()) {
            return;
        }
        if (jdbc.queryForList("SELECT id FROM read_model_rebuild WHERE started_at IS NULL"
                + " LIMIT 1", Long.class).isEmpty()) {
            resume();
            return;
        }
        PROCESSORS.stream().filter(paused::add).forEach(name -> processor(name).shutDown());
        try {
            if (Boolean.TRUE.equals(transaction.execute(status -> resetIfLocked()))) {
                resume();
            }
        } catch (UnableToClaimTokenException heldElsewhere) {
            LOG.info("Rebuild: waiting for the other nodes to let go of the read models ({})",
                    heldElsewhere.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Rebuild of the read models failed; they go on from where they were", e);
            jdbc.update("UPDATE read_model_rebuild SET started_at = now(), outcome = ?"
                    + " WHERE started_at IS NULL", "failed: " + e);
            resume();
        }
    }

    /** Resets every position, if this node locks the pending requests; else leaves them. */
    private boolean resetIfLocked() {
        List<Long> pending = jdbc.queryForList("SELECT id FROM read_model_rebuild"
                + " WHERE started_at IS NULL ORDER BY id FOR UPDATE SKIP LOCKED", Long.class);
        if (pending.isEmpty()) {
            return false; // another node is at it
        }
        for (String name : PROCESSORS) {
            processor(name).resetTokens(); // joins this transaction: all or none
            LOG.info("Processor {} replays the event store from the start", name);
        }
        jdbc.update("UPDATE read_model_rebuild SET started_at = now(), outcome = 'started'"
                + " WHERE id = ANY (?)", (Object) pending.toArray(Long[]::new));
        return true;
    }

    private void resume() {
        for (String name : PROCESSORS) {
            if (paused.contains(name)) {
                processor(name).start();
                paused.remove(name);
            }
        }
    }

    private TrackingEventProcessor processor(String name) {
        return processing.eventProcessor(name, TrackingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no tracking processor " + name));
    }
}
