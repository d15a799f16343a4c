package org.sightline.ops.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.sightline.ops.Sightline;
import org.sightline.ops.database.EmbeddedPostgresInitializer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Sightline started for a benchmark: on a free loopback port, with a throw-away embedded
 * database and signing key, logging warnings only.
 */
final class BenchServer implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final Path keys;

    private BenchServer(ConfigurableApplicationContext context, Path keys) {
        this.context = context;
        this.keys = keys;
    }

    /** Its keys live in a temporary directory of their own, deleted on close. */
    static BenchServer start(String... extraArguments) {
        Path keys;
        try {
            keys = Files.createTempDirectory("sightline-bench-keys-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0", "--server.address=127.0.0.1", "--server.shutdown=immediate",
                "--sightline.tls.enabled=false",
                "--management.server.port=-1", // beside a running server, no port collision
                "--sightline.embedded-database.ephemeral=true",
                "--sightline.audit.signing-key-file=" + keys.resolve("checkpoint-key.pem"),
                "--sightline.encryption.master-key-file=" + keys.resolve("master.key"),
                "--sightline.relay.token-key-file=" + keys.resolve("relay-token.key"),
                "--logging.level.root=warn"));
        arguments.addAll(List.of(extraArguments));
        return new BenchServer(new SpringApplication(Sightline.class)
                .run(arguments.toArray(String[]::new)), keys);
    }

    int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The application's own connections (the application role). */
    DataSource applicationDataSource() {
        return context.getBean(DataSource.class);
    }

    /** Connections as the owner role, which may create scratch tables. */
    DataSource ownerDataSource() {
        return context.getBean(EmbeddedPostgres.class).getDatabase(
                EmbeddedPostgresInitializer.OWNER_ROLE, EmbeddedPostgresInitializer.DATABASE);
    }

    @Override
    public void close() {
        context.close();
        try (Stream<Path> files = Files.list(keys)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(keys);
        } catch (IOException e) {
            System.err.println("could not delete " + keys + ": " + e.getMessage());
        }
    }
}
