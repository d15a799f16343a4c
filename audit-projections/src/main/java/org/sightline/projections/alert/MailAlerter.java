package org.sightline.projections.alert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.catalogue.EventType;
import org.sightline.contracts.configuration.ConfigurationChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails the admins' chosen events to their chosen addresses, from its own tracking processor
 * ({@value MailAlertConfiguration#PROCESSOR}), in store order.
 *
 * <p>The alerts of one batch of the processor go in one mail, sent before the processor
 * stores its new position: a mail server that is down, refuses the mail or presents a
 * certificate that does not verify makes the batch fail, and the processor tries it again
 * with growing pauses. An alert is delayed, never dropped, and after a failure it may arrive
 * twice. Mails are at least {@code sightline.mail.min-interval} apart; alerts that come
 * faster wait in the store and the next mail carries them all, so a flood of events makes a
 * few long mails rather than many short ones.
 */
final class MailAlerter {

    private static final Logger LOG = LoggerFactory.getLogger(MailAlerter.class);
    private static final String SETTINGS = "alerts.mail.";

    private final Mailer mailer;
    private final Supplier<AlertChoices> stored;
    private final long minIntervalNanos;
    private final String server;
    private volatile AlertChoices choices;
    private long lastSent;
    private boolean everSent;

    MailAlerter(Mailer mailer, Supplier<AlertChoices> stored, Duration minInterval,
            String server) {
        this.mailer = mailer;
        this.stored = stored;
        this.minIntervalNanos = minInterval.toNanos();
        this.server = server;
    }

    @EventHandler
    void on(AuditEvent event, EventMessage<?> message) {
        if (event instanceof ConfigurationChanged change
                && change.setting().startsWith(SETTINGS)) {
            choices = null;
        }
        EventType type = EventType.of(event);
        if (!choices().alerts(type)) {
            return;
        }

        pendingInThisBatch().add(Alert.of(event, type, message.getTimestamp(),
                message.getIdentifier()));
    }

    /**
     * The settings as last read; read again after an admin changed one (every change passes
     * through this processor) and after a failed batch.
     */
    private AlertChoices choices() {
        AlertChoices known = choices;
        if (known == null) {
            known = stored.get();
            choices = known;
        }
        return known;
    }

    /** The batch's alerts, mailed together as the batch commits. */
    private List<Alert> pendingInThisBatch() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource("mail-alerts", key -> {
            List<Alert> alerts = new ArrayList<>();
            batch.onPrepareCommit(unit -> mail(alerts));
            batch.onRollback(unit -> choices = null);
            return alerts;
        });
    }

    private void mail(List<Alert> alerts) {
        List<String> recipients = choices().recipients();
        if (alerts.isEmpty() || recipients.isEmpty()) {
            return;
        }

        waitForTheInterval();
        try {
            mailer.send(recipients, AlertMail.of(alerts));
        } catch (IOException e) {
            LOG.warn("Mail alerts: {} cannot take {} alert(s), will retry: {}", server,
                    alerts.size(), e.getMessage());
            LOG.debug("Mail alert failure", e);
            throw new UncheckedIOException(e);
        }
        lastSent = System.nanoTime();
        everSent = true;
        LOG.info("Mail alerts: {} alert(s) sent to {} recipient(s) through {}", alerts.size(),
                recipients.size(), server);
    }

    private void waitForTheInterval() {
        if (!everSent) {
            return;
        }
        long wait = lastSent + minIntervalNanos - System.nanoTime();
        if (wait <= 0) {
            return;
        }
        try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pacing mail alerts", e);
        }
    }
}
