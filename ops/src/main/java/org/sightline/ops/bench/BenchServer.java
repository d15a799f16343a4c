package org.sightline.ops.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.ArrayList;
import java.util.List;
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

    private BenchServer(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static BenchServer start(String... extraArguments) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0", "--server.address=127.0.0.1", "--server.shutdown=immediate",
                "--sightline.embedded-database.ephemeral=true",
                "--sightline.audit.signing-key-file=" + System.getProperty("java.io.tmpdir")
                        + "/sightline-bench-key-" + ProcessHandle.current().pid() + ".pem",
                "--sightline.encryption.master-key-file=" + System.getProperty("java.io.tmpdir")
                        + "/sightline-bench-master-" + ProcessHandle.current().pid() + ".key",
                "--logging.level.root=warn"));
        arguments.addAll(List.of(extraArguments));
        return new BenchServer(new SpringApplication(Sightline.class)
                .run(arguments.toArray(String[]::new)));
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
    }
}
