package org.sightline.ops.database;

import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Migrates every module's tables before anything uses them, as the database owner role.
 *
 * <p>The application connects as {@code spring.datasource.username}, which the migrations
 * grant only what it needs (for the event store: SELECT and INSERT). The migrations run as
 * {@code sightline.database.owner-username}; when that is unset they run as the application
 * role, which then owns the tables and could drop their triggers, and a warning says so.
 * Each module's migrations keep a Flyway history of their own.
 */
@Configuration(proxyBeanMethods = false)
public class SchemaMigrations {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

    /** Each module's migrations and their history table, in the order they run. */
    private static final List<Map.Entry<String, String>> SCHEMAS = List.of(
            Map.entry("classpath:db/eventstore", "flyway_history_eventstore"),
            Map.entry("classpath:db/projections", "flyway_history_projections"),
            Map.entry("classpath:db/relay", "flyway_history_relay"));

    /** Present once every schema is migrated. */
    public static final class Migrated {
    }

    @Bean
    Migrated schemaMigrated(DataSourceProperties application, DataSource applicationDataSource,
            @Value("${sightline.database.owner-username:}") String owner,
            @Value("${sightline.database.owner-password:}") String ownerPassword) {
        String appRole = application.determineUsername();
        DataSource migrator = applicationDataSource;
        if (owner.isBlank()) {
            LOG.warn("Migrations run as the application role {}: it owns the tables and could"
                    + " drop their append-only triggers. Set sightline.database.owner-username"
                    + " to a separate owner role.", appRole);
        } else {
            migrator = new SimpleDriverDataSource(new org.postgresql.Driver(),
                    application.determineUrl(), owner, ownerPassword);
        }

        for (Map.Entry<String, String> schema : SCHEMAS) {
            Flyway.configure()
                    .dataSource(migrator)
                    .locations(schema.getKey())
                    .table(schema.getValue())
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .placeholders(Map.of("appRole", quoteIdentifier(appRole)))
                    .load()
                    .migrate();
        }
        return new Migrated();
    }

    static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
