package org.sightline.projections.retention;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.configuration.StoredSettings;
import org.sightline.contracts.retention.ExpireRecordings;
import org.sightline.contracts.retention.ExpireSessionData;
import org.sightline.contracts.retention.RetentionPolicy;
import org.sightline.projections.ProcessingNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Expires the content of every ended session whose policy has run out: it asks each due
 * session to expire ({@link ExpireSessionData}); the session records {@code SessionDataExpired}
 * and its data key is destroyed in the same transaction.
 *
 * <p>Safe on several nodes at once: each session decides for itself and records one expiry;
 * a node that loses the race sees a conflict or a refusal and moves on.
 */
@ProcessingNode
@Component
public class RetentionJob {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
    private static final int BATCH = 500;

    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final Clock clock;

    RetentionJob(JdbcTemplate jdbc, CommandGateway commands, Clock clock) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.clock = clock;
    }

    /** What one run did. */
    public record Run(int expired, int refused) {
    }

    @Scheduled(initialDelayString = "${sightline.retention.check-interval:PT1M}",
            fixedDelayString = "${sightline.retention.check-interval:PT1M}")
    void expireDueNow() {
        Run run = expireDue(clock.instant());
        if (run.expired() > 0) {
            LOG.info("Retention: the content of {} session(s) expired", run.expired());
        }
    }

    /**
     * Expires what is due at {@code now}, at most a batch of sessions per pass: content under
     * {@code retention.session-logs}; then recordings under {@code retention.recordings};
     * then the oldest recordings while all kept ones exceed {@code retention.recordings-budget}.
     */
    public Run expireDue(Instant now) {
        Duration policy = policy();
        List<String> due = jdbc.queryForList("SELECT lsid FROM retention_schedule"
                + " WHERE expired_at IS NULL AND NOT legal_hold AND ended_at <= ?"
                + " ORDER BY ended_at LIMIT " + BATCH, String.class,
                Timestamp.from(now.minus(policy)));
        Tally tally = new Tally();
        for (String lsid : due) {
            tally.count(lsid, () -> commands.sendAndWait(new ExpireSessionData(Lsid.parse(lsid),
                    RetentionPolicy.SETTING, policy, now)));
        }
        String recordingsValue = newestValue(RetentionPolicy.RECORDINGS);
        Duration recordings = RetentionPolicy.parseRecordings(recordingsValue);
        if (recordings != null) {
            for (String lsid : recordingCandidates("AND ended_at <= ?",
                    Timestamp.from(now.minus(recordings)))) {
                tally.count(lsid, () -> commands.sendAndWait(new ExpireRecordings(
                        Lsid.parse(lsid), RetentionPolicy.RECORDINGS, recordingsValue,
                        recordings, now)));
            }
        }
        String budgetValue = newestValue(RetentionPolicy.RECORDINGS_BUDGET);
        Long budget = RetentionPolicy.parseBudget(budgetValue);
        if (budget != null) {
            long kept = jdbc.queryForObject("SELECT coalesce(sum(recording_bytes), 0) FROM"
                    + " retention_schedule WHERE recordings_expired_at IS NULL"
                    + " AND expired_at IS NULL", Long.class);
            for (Map<String, Object> oldest : jdbc.queryForList("SELECT lsid, recording_bytes"
                    + " FROM retention_schedule WHERE recording_bytes > 0 AND NOT legal_hold"
                    + " AND recordings_expired_at IS NULL AND expired_at IS NULL"
                    + " AND ended_at IS NOT NULL ORDER BY ended_at LIMIT " + BATCH)) {
                if (kept <= budget) {
                    break;
                }
                String lsid = (String) oldest.get("lsid");
                if (tally.count(lsid, () -> commands.sendAndWait(new ExpireRecordings(
                        Lsid.parse(lsid), RetentionPolicy.RECORDINGS_BUDGET, budgetValue, null,
                        now)))) {
                    kept -= ((Number) oldest.get("recording_bytes")).longValue();
                }
            }
        }
        return new Run(tally.expired, tally.refused);
    }

    private List<String> recordingCandidates(String condition, Object argument) {
        return jdbc.queryForList("SELECT lsid FROM retention_schedule WHERE recording_bytes > 0"
                + " AND NOT legal_hold AND recordings_expired_at IS NULL AND expired_at IS NULL "
                + condition + " ORDER BY ended_at LIMIT " + BATCH, String.class, argument);
    }

    /** Outcomes of one run; a refusal (held meanwhile, done by another node) is no failure. */
    private static final class Tally {
        int expired;
        int refused;

        boolean count(String lsid, Runnable expire) {
            try {
                expire.run();
                expired++;
                return true;
            } catch (IllegalStateException | ConcurrencyException e) {
                refused++;
                LOG.debug("Retention: session {} not expired: {}", lsid, e.getMessage());
            } catch (RuntimeException e) {
                refused++;
                LOG.warn("Retention: session {} could not expire, will retry: {}", lsid,
                        e.getMessage());
            }
            return false;
        }
    }

    /**
     * The policy in force: the newest value of the setting in the event store itself. Never a
     * read model's, which during a rebuild holds every past value in turn.
     */
    public Duration policy() {
        return RetentionPolicy.parse(newestValue(RetentionPolicy.SETTING));
    }

    /** A setting's newest value in the event store; null if it was never set. */
    private String newestValue(String setting) {
        return jdbc.queryForList(StoredSettings.NEWEST_VALUE, String.class,
                StoredSettings.arguments(setting)).stream().findFirst().orElse(null);
    }
}
