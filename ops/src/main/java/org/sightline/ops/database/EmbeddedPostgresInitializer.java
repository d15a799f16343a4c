package org.sightline.ops.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts an embedded PostgreSQL when no database is configured, so that Sightline runs on a
 * fresh machine with nothing installed but Java.
 *
 * <p>When {@code spring.datasource.url} is unset, a PostgreSQL server is started on a free
 * loopback port with its data in {@code sightline.embedded-database.directory} (default
 * {@code .sightline/postgres} under the working directory; kept between runs), and both the
 * JDBC and the R2DBC URLs point at it. The server stops with the application context, after
 * every bean that uses it.
 *
 * <p>NOTE: the embedded server is for trying Sightline and for tests. A production site
 * configures its own PostgreSQL.
 */
public class EmbeddedPostgresInitializer
        implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresInitializer.class);

    static final String DIRECTORY_PROPERTY = "sightline.embedded-database.directory";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        if (environment.containsProperty("spring.datasource.url")) {
            return;
        }

        Path directory = Path.of(environment.getProperty(DIRECTORY_PROPERTY,
                ".sightline/postgres")).toAbsolutePath();
        EmbeddedPostgres postgres = start(directory);
        String hostAndPort = "localhost:" + postgres.getPort() + "/postgres";
        environment.getPropertySources().addFirst(new MapPropertySource("embeddedPostgres",
                Map.of("spring.datasource.url", "jdbc:postgresql://" + hostAndPort,
                        "spring.datasource.username", "postgres",
                        "spring.datasource.password", "",
                        "spring.r2dbc.url", "r2dbc:postgresql://" + hostAndPort,
                        "spring.r2dbc.username", "postgres",
                        "spring.r2dbc.password", "")));
        // Registered first, so destroyed last: after Axon's processors and the pools stop.
        DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
        beans.registerSingleton("embeddedPostgres", postgres);
        beans.registerDisposableBean("embeddedPostgresServer", () -> stop(postgres));
        LOG.info("No database configured: embedded PostgreSQL on port {} with its data in {}",
                postgres.getPort(), directory);
    }

    private static EmbeddedPostgres start(Path directory) {
        try {
            Files.createDirectories(directory);
            return EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "localhost")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not start the embedded PostgreSQL in " + directory, e);
        }
    }

    private static void stop(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("The embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            LOG.debug("Stopping the embedded PostgreSQL failed", e);
        }
    }
}
