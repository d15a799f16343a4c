package org.sightline.projections.chain;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.sightline.contracts.session.SessionEnded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Has checkpoints signed, verifies streams and records the outcome in {@code chain_status},
 * which the query API shows. A checkpoint is signed every
 * {@code sightline.audit.checkpoint-interval} (default 60 seconds) and after each session
 * ends; the streams it covers are verified right after. Every
 * {@code sightline.audit.verify-interval} (default one hour) every stream is verified.
 *
 * <p>It trusts this node's signing key only. A failed verification is logged at warning
 * level with what was found; it never stops the application.
 */
@Component
@ProcessingGroup(ChainStatusRecorder.PROCESSOR)
public class ChainStatusRecorder {

    /** The tracking processor that signs a checkpoint after each session end. */
    public static final String PROCESSOR = "checkpoints";

    private static final Logger LOG = LoggerFactory.getLogger(ChainStatusRecorder.class);

    private final JdbcTemplate jdbc;
    private final JdbcAuditSource source;
    private final Checkpointer checkpointer;
    private final Clock clock;

    public ChainStatusRecorder(JdbcTemplate jdbc, DataSource dataSource,
            Checkpointer checkpointer, Clock clock) {
        this.jdbc = jdbc;
        this.source = new JdbcAuditSource(dataSource);
        this.checkpointer = checkpointer;
        this.clock = clock;
    }

    /** After a session ends, its chain's head is signed at once. */
    @EventHandler
    void on(SessionEnded event) {
        checkpointAndRecord();
    }

    @Scheduled(fixedDelayString = "${sightline.audit.checkpoint-interval:PT60S}",
            initialDelayString = "${sightline.audit.checkpoint-interval:PT60S}")
    void scheduledCheckpoint() {
        try {
            checkpointAndRecord();
        } catch (RuntimeException e) {
            LOG.warn("Signing a checkpoint failed, will try again: {}", e.toString());
            LOG.debug("Checkpoint failure", e);
        }
    }

    /** Signs a checkpoint if any stream advanced, then records the status of its streams. */
    public void checkpointAndRecord() {
        checkpointer.checkpoint().ifPresent(id -> record(jdbc.queryForList(
                "SELECT lsid FROM checkpoint_leaf WHERE checkpoint_id = ?", String.class, id)));
    }

    /** Every stream with a chain, and every one ever checked: a stream can vanish. */
    @Scheduled(fixedDelayString = "${sightline.audit.verify-interval:PT1H}",
            initialDelayString = "${sightline.audit.verify-interval:PT1H}")
    void verifyEverything() {
        record(jdbc.queryForList("SELECT lsid FROM chain_head UNION SELECT lsid FROM"
                + " chain_status UNION SELECT DISTINCT lsid FROM checkpoint_leaf ORDER BY 1",
                String.class));
    }

    /**
     * Verifies each stream against every checkpoint (so that a missing one counts) and stores
     * what it found.
     */
    public void record(List<String> lsids) {
        List<ChainVerifier.SignedCheckpoint> checkpoints;
        try {
            checkpoints = source.checkpoints();
        } catch (SQLException e) {
            LOG.warn("Could not read the checkpoints to verify chains: {}", e.toString());
            return;
        }
        for (String lsid : lsids) {
            try {
                recordOne(lsid, checkpoints);
            } catch (SQLException | RuntimeException e) {
                LOG.warn("Could not verify the chain of {}: {}", lsid, e.toString());
                LOG.debug("Chain verification failure", e);
            }
        }
    }

    private void recordOne(String lsid, List<ChainVerifier.SignedCheckpoint> checkpoints)
            throws SQLException {
        ChainVerifier verifier = new ChainVerifier(List.of(checkpointer.publicKey()));
        verifier.checkCheckpoints(checkpoints);
        List<Long> headSeq = new ArrayList<>();
        source.streams(lsid, (id, events, links) -> {
            verifier.checkStream(id, events, links);
            headSeq.add(events.isEmpty() ? -1 : events.get(events.size() - 1).seq());
        }, read -> { });
        ChainVerifier.Report report = verifier.finishFor(lsid);

        String problem = report.findings().isEmpty()
                ? null
                : report.findings().get(0).describe();
        if (problem != null) {
            LOG.warn("The chain of {} does not verify: {}", lsid, problem);
        }
        jdbc.update("INSERT INTO chain_status (lsid, verified, head_seq, checkpoint_id, problem,"
                        + " checked_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (lsid) DO UPDATE"
                        + " SET verified = EXCLUDED.verified, head_seq = EXCLUDED.head_seq,"
                        + " checkpoint_id = EXCLUDED.checkpoint_id, problem = EXCLUDED.problem,"
                        + " checked_at = EXCLUDED.checked_at",
                lsid, report.verified(), headSeq.isEmpty() ? -1 : headSeq.get(0),
                report.coveringCheckpoint().get(lsid), problem, Timestamp.from(clock.instant()));
    }
}
