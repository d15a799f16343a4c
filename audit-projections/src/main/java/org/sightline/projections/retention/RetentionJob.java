package org.sightline.projections.retention;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.retention.ExpireSessionData;
import org.sightline.contracts.retention.RetentionPolicy;
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

    /** Expires what is due at {@code now}: at most a batch of sessions per run. */
    public Run expireDue(Instant now) {
        Duration policy = policy();
        List<String> due = jdbc.queryForList("SELECT lsid FROM retention_schedule"
                + " WHERE expired_at IS NULL AND NOT legal_hold AND ended_at <= ?"
                + " ORDER BY ended_at LIMIT " + BATCH, String.class,
                Timestamp.from(now.minus(policy)));
        int expired = 0;
        int refused = 0;
        for (String lsid : due) {
            try {
                commands.sendAndWait(new ExpireSessionData(Lsid.parse(lsid),
                        RetentionPolicy.SETTING, policy, now));
                expired++;
            } catch (IllegalStateException | ConcurrencyException e) {
                refused++; // held meanwhile, expired by another node, or not due to the ms
                LOG.debug("Retention: session {} not expired: {}", lsid, e.getMessage());
            } catch (RuntimeException e) {
                refused++;
                LOG.warn("Retention: session {} could not expire, will retry: {}", lsid,
                        e.getMessage());
            }
        }
        return new Run(expired, refused);
    }

    private Duration policy() {
        List<String> values = jdbc.queryForList("SELECT value FROM retention_policy"
                + " WHERE setting = ?", String.class, RetentionPolicy.SETTING);
        return values.isEmpty() ? RetentionPolicy.DEFAULT : RetentionPolicy.parse(values.get(0));
    }
}
