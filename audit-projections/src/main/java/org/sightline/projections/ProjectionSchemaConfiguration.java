package org.sightline.projections;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Migrates the read-model tables, with a Flyway history of their own. */
@Configuration(proxyBeanMethods = false)
public class ProjectionSchemaConfiguration {

    @Bean
    ProjectionSchema projectionSchema(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/projections")
                .table("flyway_history_projections")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        return new ProjectionSchema();
    }

    /** Marks the read-model tables as migrated. */
    public static final class ProjectionSchema {
    }
}
