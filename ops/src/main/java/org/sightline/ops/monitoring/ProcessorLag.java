package org.sightline.ops.monitoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.OptionalLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * {@code sightline.processor.lag{processor}}: how many event store positions a tracking
 * processor is behind the newest event, 0 when it is caught up. Positions can have gaps (a
 * rolled-back append spends one), so it is an upper bound of the events still to handle.
 *
 * <p>NOTE: a node reports the segments it has claimed. A processor whose segment another node
 * holds reports NaN here (Prometheus drops it from {@code max}), and a processor waiting to
 * retry after a failure reports nothing either until it runs again; take the maximum over the
 * nodes.
 */
@Component
class ProcessorLag implements MeterBinder {

    private final EventProcessingConfiguration processing;
    private final EventStore store;

    ProcessorLag(EventProcessingConfiguration processing, EventStore store) {
        this.processing = processing;
        this.store = store;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof TrackingEventProcessor tracking) {
                Gauge.builder("sightline.processor.lag", () -> lag(tracking))
                        .tag("processor", name)
                        .description("event store positions the processor has yet to handle")
                        .register(registry);
            }
        });
    }

    double lag(TrackingEventProcessor processor) {
        OptionalLong behindmost = processor.processingStatus().values().stream()
                .map(EventTrackerStatus::getTrackingToken)
                .filter(Objects::nonNull)
                .map(TrackingToken::position)
                .filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong)
                .min();
        if (behindmost.isEmpty()) {
            return processor.processingStatus().isEmpty() ? Double.NaN : headPosition();
        }
        return Math.max(0, headPosition() - behindmost.getAsLong());
    }

    private long headPosition() {
        return store.createHeadToken().position().orElse(0);
    }
}
