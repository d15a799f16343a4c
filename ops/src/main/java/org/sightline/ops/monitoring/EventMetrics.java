package org.sightline.ops.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.sightline.contracts.catalogue.EventType;
import org.springframework.stereotype.Component;

/**
 * {@code sightline.events.appended{type}}: events this node appended to the event store, by
 * their catalogue name ({@code session.chat}, ...; the class name for an event outside the
 * catalogue), counted once their transaction committed: a rolled-back append counts nothing.
 */
@Component
class EventMetrics {

    private final MeterRegistry registry;

    // Not a bean implementing the interceptor: Axon's auto-configuration would register such
    // a bean a second time and every event would count twice.
    EventMetrics(EventStore store, MeterRegistry registry) {
        this.registry = registry;
        store.registerDispatchInterceptor(this::counted);
    }

    private BiFunction<Integer, EventMessage<?>, EventMessage<?>> counted(
            List<? extends EventMessage<?>> messages) {
        List<String> types = messages.stream().map(EventMetrics::typeOf).toList();
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(work -> count(types));
        } else {
            count(types); // appended outside a unit of work: stored as this returns
        }
        return (index, message) -> message;
    }

    private void count(List<String> types) {
        for (String type : types) {
            Counter.builder("sightline.events.appended")
                    .description("events appended to the event store, by type")
                    .tag("type", type)
                    .register(registry)
                    .increment();
        }
    }

    private static String typeOf(EventMessage<?> message) {
        return EventType.of(message.getPayloadType()).map(EventType::typeName)
                .orElse(message.getPayloadType().getSimpleName());
    }
}
