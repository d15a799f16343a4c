package org.sightline.command.eventstore;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event store on PostgreSQL. Its schema is in {@code db/eventstore} (migrated by the
 * assembly, as the owner role); duplicate appends surface as Axon's concurrency conflicts
 * rather than as generic failures.
 */
@Configuration(proxyBeanMethods = false)
public class EventStoreConfiguration {

    /** PostgreSQL's unique_violation: another node appended the same sequence first. */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver("23505");
    }
}
