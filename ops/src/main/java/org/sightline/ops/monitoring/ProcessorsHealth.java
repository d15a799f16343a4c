package org.sightline.ops.monitoring;

import java.util.Set;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.sightline.projections.replay.ReadModels;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * The health contributor {@code trackingProcessors}, part of readiness: up while every
 * tracking processor runs, down once one stopped (being shut down, or never started).
 *
 * <p>A processor that runs but waits to retry after a failure (an unreachable syslog
 * receiver, say) leaves the node ready: it still serves every request, and taking it out of
 * the load balancer would not help the receiver. So does a processor paused for a read-model
 * rebuild, which every node pauses at once. The details, shown on the management port only,
 * name such processors as {@code error} and {@code rebuilding}.
 */
@Component("trackingProcessors")
class ProcessorsHealth extends AbstractHealthIndicator {

    private final EventProcessingConfiguration processing;
    private final ReadModels readModels;

    ProcessorsHealth(EventProcessingConfiguration processing, ReadModels readModels) {
        super("tracking processors could not be checked");
        this.processing = processing;
        this.readModels = readModels;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        boolean allRunning = true;
        Set<String> paused = readModels.paused();
        for (var entry : processing.eventProcessors().entrySet()) {
            if (!(entry.getValue() instanceof TrackingEventProcessor processor)) {
                continue;
            }
            if (paused.contains(entry.getKey())) {
                health.withDetail(entry.getKey(), "rebuilding");
                continue;
            }
            String state = !processor.isRunning() ? "stopped"
                    : processor.isError() ? "error" : "running";
            health.withDetail(entry.getKey(), state);
            allRunning &= processor.isRunning();
        }
        if (allRunning) {
            health.up();
        } else {
            health.down();
        }
    }
}
