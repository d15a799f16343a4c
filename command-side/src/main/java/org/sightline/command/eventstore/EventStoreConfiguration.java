package org.sightline.command.eventstore;

import javax.sql.DataSource;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.flywaydb.core.Flyway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event store on PostgreSQL: its schema by Flyway, and duplicate appends reported as
 * Axon's concurrency conflicts rather than as generic failures.
 */
@Configuration(proxyBeanMethods = false)
public class EventStoreConfiguration {

    /** PostgreSQL's unique_violation: another node appended the same sequence first. */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver("23505");
    }

    /**
     * Migrates the event store's tables; its history lives in a table of its own so that
     * other modules migrate their tables independently.
     */
    @Bean
    EventStoreSchema eventStoreSchema(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/eventstore")
                .table("flyway_history_eventstore")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        return new EventStoreSchema();
    }

    /** Marks the event store schema as migrated; beans that need the tables depend on it. */
    public static final class EventStoreSchema {
    }
}
