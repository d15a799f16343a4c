package org.sightline.ops.monitoring;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * The health contributor {@code trackingProcessors}, part of readiness: up while every
 * tracking processor runs, down once one stopped (being shut down, or never started).
 *
 * <p>A processor that runs but waits to retry after a failure (an unreachable syslog
 * receiver, say) leaves the node ready: it still serves every request, and taking it out of
 * the load balancer would not help the receiver. The details, shown on the management port
 * only, name such processors as {@code error}.
 */
@Component("trackingProcessors")
class ProcessorsHealth extends AbstractHealthIndicator {

    private final EventProcessingConfiguration processing;

    ProcessorsHealth(EventProcessingConfiguration processing) {
        super("tracking processors could not be checked");
        this.processing = processing;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        boolean allRunning = true;
        for (var entry : processing.eventProcessors().entrySet()) {
            if (!(entry.getValue() instanceof TrackingEventProcessor processor)) {
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
