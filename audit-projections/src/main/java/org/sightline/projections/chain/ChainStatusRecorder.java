package org.sightline.projections.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.audit.ChainVerificationFailed;
import org.sightline.contracts.session.SessionEnded;
import org.sightline.projections.ProcessingNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Has checkpoints signed, verifies streams and records the outcome in {@code chain_status},
 * which the query API shows. A checkpoint is signed every
 * {@code sightline.audit.checkpoint-interval} (default 60 seconds) and after each session
 * ends; the streams it covers are verified right after. Every
 * {@code sightline.audit.verify-interval} (default one hour) every stream is verified.
 *
 * <p>It trusts this node's signing key only. A failed verification is logged at warning
 * level with what was found; it never stops the application. When a stream's outcome turns
 * to a failure (it verified before, was never checked, or now fails differently) that is
 * recorded as a {@link ChainVerificationFailed} event in the stream {@link Lsid#VERIFICATIONS},
 * so that it is audited, sent to syslog and can alert admins; later checks that find the same
 * failure record nothing more.
 *
 * <p>NOTE: {@code chain_status} is how a failure is known to be reported already; dropping
 * that table reports each failing stream once more.
 */
@ProcessingNode
@Component
@ProcessingGroup(ChainStatusRecorder.PROCESSOR)
public class ChainStatusRecorder {

    /** The tracking processor that signs a checkpoint after each session end. */
    public static final String PROCESSOR = "checkpoints";

    private static final Logger LOG = LoggerFactory.getLogger(ChainStatusRecorder.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Serialises appends to the verification stream across nodes. */
    private static final long LOCK = 0x5167_6874_7665_7269L;

    private final JdbcTemplate jdbc;
    private final JdbcAuditSource source;
    private final Checkpointer checkpointer;
    private final Clock clock;
    private final TransactionTemplate transaction;

    public ChainStatusRecorder(JdbcTemplate jdbc, DataSource dataSource,
            Checkpointer checkpointer, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
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

        Finding first = report.findings().isEmpty() ? null : report.findings().get(0);
        String problem = first == null ? null : first.describe();
        if (problem != null) {
            LOG.warn("The chain of {} does not verify: {}", lsid, problem);
        }
        transaction.executeWithoutResult(status -> {
            if (first != null) {
                recordIfNewlyFailed(lsid, first, problem);
            }
            jdbc.update("INSERT INTO chain_status (lsid, verified, head_seq, checkpoint_id,"
                            + " problem, checked_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (lsid)"
                            + " DO UPDATE SET verified = EXCLUDED.verified,"
                            + " head_seq = EXCLUDED.head_seq,"
                            + " checkpoint_id = EXCLUDED.checkpoint_id,"
                            + " problem = EXCLUDED.problem, checked_at = EXCLUDED.checked_at",
                    lsid, report.verified(), headSeq.isEmpty() ? -1 : headSeq.get(0),
                    report.coveringCheckpoint().get(lsid), problem,
                    Timestamp.from(clock.instant()));
        });
    }

    /**
     * Appends a {@link ChainVerificationFailed} unless the stream's last outcome was this very
     * failure; in the transaction that stores the new outcome, so one goes only with the other.
     */
    private void recordIfNewlyFailed(String lsid, Finding finding, String problem) {
        jdbc.queryForObject("SELECT pg_advisory_xact_lock(?)", Object.class, LOCK);
        List<Map<String, Object>> before = jdbc.queryForList(
                "SELECT verified, problem FROM chain_status WHERE lsid = ?", lsid);
        if (!before.isEmpty() && problem.equals(before.get(0).get("problem"))) {
            return;
        }
        ChainVerificationFailed event = new ChainVerificationFailed(Lsid.VERIFICATIONS, lsid,
                finding.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '), finding.seq(),
                problem);
        Long next = jdbc.queryForObject("SELECT coalesce(max(sequencenumber) + 1, 0)"
                + " FROM domainevententry WHERE aggregateidentifier = ?", Long.class,
                Lsid.VERIFICATIONS.value());
        try {
            jdbc.update("INSERT INTO domainevententry (aggregateidentifier, sequencenumber,"
                            + " type, eventidentifier, metadata, payload, payloadtype, timestamp)"
                            + " VALUES (?, ?, 'Verifications', ?, ?, ?, ?, ?)",
                    Lsid.VERIFICATIONS.value(), next, UUID.randomUUID().toString(),
                    "{}".getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(event),
                    ChainVerificationFailed.class.getName(), clock.instant().toString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a verification event cannot be written", e);
        }
    }
}
