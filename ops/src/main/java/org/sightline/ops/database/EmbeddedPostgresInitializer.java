package org.sightline.ops.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
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
 * JDBC and the R2DBC URLs point at it. With {@code sightline.embedded-database.ephemeral=true}
 * the data lives in a new temporary directory that is deleted when the server stops (the
 * demo and the tests). The server stops with the application context, after every bean that
 * uses it.
 *
 * <p>NOTE: the embedded server is for trying Sightline and for tests. A production site
 * configures its own PostgreSQL.
 */
public class EmbeddedPostgresInitializer
        implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresInitializer.class);

    /** The database the embedded server holds Sightline's tables in. */
    public static final String DATABASE = "sightline";
    /** The role that owns the tables and runs the migrations. */
    public static final String OWNER_ROLE = "sightline_owner";
    /** The role the application connects as: it appends events and changes none. */
    public static final String APP_ROLE = "sightline_app";

    static final String DIRECTORY_PROPERTY = "sightline.embedded-database.directory";
    static final String EPHEMERAL_PROPERTY = "sightline.embedded-database.ephemeral";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        if (environment.containsProperty("spring.datasource.url")) {
            return;
        }

        boolean ephemeral = environment.getProperty(EPHEMERAL_PROPERTY, Boolean.class, false);
        Path directory = ephemeral ? temporaryDirectory() : Path.of(environment.getProperty(
                DIRECTORY_PROPERTY, ".sightline/postgres")).toAbsolutePath();
        EmbeddedPostgres postgres = start(directory, ephemeral);
        createRolesAndDatabase(postgres);
        String hostAndPort = "localhost:" + postgres.getPort() + "/" + DATABASE;
        environment.getPropertySources().addFirst(new MapPropertySource("embeddedPostgres",
                Map.of("spring.datasource.url", "jdbc:postgresql://" + hostAndPort,
                        "spring.datasource.username", APP_ROLE,
                        "spring.datasource.password", "",
                        "spring.r2dbc.url", "r2dbc:postgresql://" + hostAndPort,
                        "spring.r2dbc.username", APP_ROLE,
                        "spring.r2dbc.password", "",
                        "sightline.database.owner-username", OWNER_ROLE,
                        "sightline.database.owner-password", "")));
        // Registered first, so destroyed last: after Axon's processors and the pools stop.
        DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
        beans.registerSingleton("embeddedPostgres", postgres);
        beans.registerDisposableBean("embeddedPostgresServer", () -> stop(postgres));
        LOG.info("No database configured: embedded PostgreSQL on port {} with its data in {}{}",
                postgres.getPort(), directory, ephemeral ? " (deleted when it stops)" : "");
    }

    /**
     * A server of an earlier run that ended without stopping it (a killed JVM) still holds
     * the directory; say so plainly rather than fail deep inside PostgreSQL's start.
     */
    private static void refuseIfStillRunning(Path directory) {
        Path lock = directory.resolve("postmaster.pid");
        if (!Files.isReadable(lock)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(lock).get(0).trim());
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new IllegalStateException("the embedded PostgreSQL of an earlier run"
                        + " (process " + pid + ") still holds " + directory + "; stop that"
                        + " process (kill " + pid + ") and start Sightline again");
            }
        } catch (IOException | NumberFormatException | IndexOutOfBoundsException e) {
            LOG.debug("Unreadable {}; PostgreSQL will judge it", lock, e);
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("sightline-postgres-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a directory for PostgreSQL", e);
        }
    }

    private static EmbeddedPostgres start(Path directory, boolean ephemeral) {
        refuseIfStillRunning(directory);
        try {
            Files.createDirectories(directory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(ephemeral)
                    // The context stops the server after the beans that use it; a hook of its
                    // own would stop it under them while the JVM exits.
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", "localhost");
            if (!ephemeral) {
                // Data that is kept must survive a crash: the embedded defaults turn off
                // fsync and synchronous commits, which suits throw-away test data only.
                builder.setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on");
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not start the embedded PostgreSQL in " + directory, e);
        }
    }

    /**
     * Creates the owner and application roles and the database on first start; on later
     * starts of a kept data directory they exist already.
     *
     * <p>NOTE: the embedded server trusts every local connection, so its roles have no
     * passwords; the separation of roles holds against mistakes, not against someone on the
     * machine.
     */
    public static void createRolesAndDatabase(EmbeddedPostgres postgres) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement sql = connection.createStatement()) {
            for (String role : List.of(OWNER_ROLE, APP_ROLE)) {
                try (ResultSet found = sql.executeQuery(
                        "SELECT 1 FROM pg_roles WHERE rolname = '" + role + "'")) {
                    if (!found.next()) {
                        sql.execute("CREATE ROLE " + role + " LOGIN");
                    }
                }
            }
            try (ResultSet found = sql.executeQuery(
                    "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!found.next()) {
                    sql.execute("CREATE DATABASE " + DATABASE + " OWNER " + OWNER_ROLE);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not prepare the embedded PostgreSQL", e);
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
