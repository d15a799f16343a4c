package org.sightline.ops.monitoring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.sightline.relay.RelayHub;
import org.springframework.stereotype.Component;

/**
 * The relay of this node: {@code sightline.relay.sessions}, the sessions with a connection
 * here now, and {@code sightline.relay.bytes{direction=in|out}}, frame bytes received from
 * publishers and viewers and handed to connections (skipped frames are not sent, so a slow
 * viewer shows as less {@code out}).
 */
@Component
class RelayMetrics implements MeterBinder {

    private final RelayHub hub;

    RelayMetrics(RelayHub hub) {
        this.hub = hub;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("sightline.relay.sessions", hub, RelayHub::openSessionCount)
                .description("sessions relayed by this node now")
                .register(registry);
        FunctionCounter.builder("sightline.relay.bytes", hub, RelayHub::bytesReceived)
                .tag("direction", "in")
                .baseUnit("bytes")
                .description("frame bytes received by the relay")
                .register(registry);
        FunctionCounter.builder("sightline.relay.bytes", hub, RelayHub::bytesSent)
                .tag("direction", "out")
                .baseUnit("bytes")
                .description("frame bytes the relay sent to its connections")
                .register(registry);
    }
}
