package org.sightline.command.eventstore;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
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

    /**
     * Keeps loaded aggregates between commands, so a command does not replay its session's
     * whole history. NOTE: with several nodes a cached session can be stale; its append then
     * collides on the (LSID, sequence) key, the unit of work rolls back and evicts it, and the
     * command is retried on a fresh load, so staleness costs a retry, never a wrong decision.
     */
    @Bean
    Cache supportSessionCache() {
        return new WeakReferenceCache();
    }

    // One cache per aggregate type: a cache holds aggregates by LSID alone, and a console
    // session's LSID sent to the support session repository must not find it there.
    @Bean
    Cache consoleSessionCache() {
        return new WeakReferenceCache();
    }

    @Bean
    Cache siteConfigurationCache() {
        return new WeakReferenceCache();
    }

    /** PostgreSQL's unique_violation: another node appended the same sequence first. */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver("23505");
    }
}
