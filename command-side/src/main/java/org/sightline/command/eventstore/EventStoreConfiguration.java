package org.sightline.command.eventstore;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The event store on PostgreSQL. Its schema is in {@code db/eventstore} (migrated by the
 * assembly, as the owner role); duplicate appends surface as Axon's concurrency conflicts
 * rather than as generic failures.
 */
@Configuration(proxyBeanMethods = false)
public class EventStoreConfiguration {

    /**
     * Keeps loaded aggregates between commands, so a command does not replay its session's
     * whole history; a copy that another node has since moved past is not used
     * ({@link StoreCheckedCache}).
     */
    @Bean
    Cache supportSessionCache(JdbcTemplate jdbc) {
        return new StoreCheckedCache(jdbc);
    }

    // One cache per aggregate type: a cache holds aggregates by LSID alone, and a console
    // session's LSID sent to the support session repository must not find it there.
    @Bean
    Cache consoleSessionCache(JdbcTemplate jdbc) {
        return new StoreCheckedCache(jdbc);
    }

    @Bean
    Cache siteConfigurationCache(JdbcTemplate jdbc) {
        return new StoreCheckedCache(jdbc);
    }

    /** PostgreSQL's unique_violation: another node appended the same sequence first. */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver("23505");
    }
}
