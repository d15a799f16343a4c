package org.sightline.projections.syslog;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.sightline.projections.syslog.SyslogSettings.Destination;
import org.springframework.stereotype.Component;

/**
 * {@code sightline.syslog.backlog{destination=NAME}}: how many positions of the event store a
 * destination's processor is behind the newest event, 0 when it has everything. Positions
 * can have gaps, so it is an upper bound of the messages still to send.
 */
@Component
public class SyslogBacklog implements MeterBinder {

    private final SyslogSettings settings;
    private final EventProcessingConfiguration processing;
    private final EventStore store;

    public SyslogBacklog(SyslogSettings settings, EventProcessingConfiguration processing,
            EventStore store) {
        this.settings = settings;
        this.processing = processing;
        this.store = store;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Destination destination : settings.destinations()) {
            AtomicLong lastKnown = new AtomicLong();
            Gauge.builder("sightline.syslog.backlog", () -> backlog(destination, lastKnown))
                    .tag("destination", destination.name())
                    .description("event store positions the destination has not received")
                    .register(registry);
        }
    }

    /**
     * The backlog now; while the processor waits to retry, its position is not reported, and
     * the position it last reported stands in for it.
     */
    long backlog(Destination destination, AtomicLong lastKnown) {
        long head = store.createHeadToken().position().orElse(0);
        processing.eventProcessor(destination.processor(), TrackingEventProcessor.class)
                .flatMap(processor -> processor.processingStatus().values().stream()
                        .map(EventTrackerStatus::getTrackingToken)
                        .filter(Objects::nonNull)
                        .map(TrackingToken::position)
                        .filter(OptionalLong::isPresent)
                        .map(OptionalLong::getAsLong)
                        .min(Long::compare))
                .ifPresent(lastKnown::set);
        return Math.max(0, head - lastKnown.get());
    }
}
