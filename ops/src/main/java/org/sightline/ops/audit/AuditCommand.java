package org.sightline.ops.audit;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sightline.command.encryption.DataKeys;
import org.sightline.command.encryption.FieldEncryption;
import org.sightline.command.encryption.MasterKey;
import org.sightline.command.encryption.SessionKeys;
import org.sightline.contracts.Lsid;
import org.sightline.projections.chain.ChainVerifier;
import org.sightline.projections.chain.Finding;
import org.sightline.projections.chain.JdbcAuditSource;
import org.sightline.projections.chain.SigningKey;
import org.sightline.query.session.LogEntry;
import org.sightline.query.session.TextLog;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code sightline-audit}: verifies, replays and exports the record from raw rows, without
 * Sightline running. Exit codes: 0 all good, 1 something does not verify, 2 bad usage or
 * the database could not be read.
 */
public final class AuditCommand {

    static final String USAGE = """
            usage: sightline-audit COMMAND [options]

              verify [--lsid L] [--public-key FILE] [--expect-checkpoint ID:SIGNATURE]
                  Recompute every hash chain and check every checkpoint signature from the
                  raw rows. Exit 0 with a summary when all verifies; exit 1 naming the first
                  event that does not, and what the tampering looks like. With
                  --expect-checkpoint, a checkpoint known from outside the database (the
                  syslog copy) must be there unchanged.
              verify --bundle DIR --public-key FILE
                  Check an exported bundle offline, without the database.
              replay --lsid L [--as-of TIME] [--format text|json] [--master-key FILE]
                  Rebuild the session log from events alone, as it stood at TIME (an
                  ISO-8601 instant such as 2026-12-04T10:15:30Z; default: now). Content
                  (chat, notes, names, ...) is encrypted: without the site's master key it
                  reads "(encrypted)"; once expired, "(content expired)".
              key-id --master-key FILE
                  Print the id of a master key, as Sightline's messages name it.
              export --lsid L --out DIR --master-key FILE
                  Write the session's events, log, chain, covering checkpoint and content
                  key to DIR. The master key is needed unless the content expired.

            database options (not needed for verify --bundle):
              --jdbc-url URL   or SIGHTLINE_AUDIT_JDBC_URL, e.g.
                               jdbc:postgresql://localhost:5432/sightline
              --user NAME      or SIGHTLINE_AUDIT_USER (SELECT is all it needs)
              the password is read from SIGHTLINE_AUDIT_PASSWORD, never from the command line
              --master-key FILE  or SIGHTLINE_AUDIT_MASTER_KEY_FILE: the site's master key
                               file (sightline.encryption.master-key-file); read only
              --master-keystore FILE [--key-alias A]  instead: a PKCS#12 keystore holding it
                               (alias default sightline-master); its password is read from
                               SIGHTLINE_AUDIT_KEYSTORE_PASSWORD

            Without --public-key, verify trusts the keys the database records, which anyone
            who can write the database could add to: an auditor passes the key they hold.
            """;

    private static final Set<String> FLAGS = Set.of("lsid", "public-key", "bundle", "as-of",
            "format", "out", "jdbc-url", "user", "expect-checkpoint", "master-key",
            "master-keystore", "key-alias");

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;

    AuditCommand(PrintStream out, PrintStream err, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    /** Runs the tool; the answer is the process's exit code. */
    public static int run(String[] args) {
        return new AuditCommand(System.out, System.err, System.getenv()).execute(args);
    }

    int execute(String[] args) {
        if (args.length == 0 || Set.of("--help", "-h", "help").contains(args[0])) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            Map<String, String> options = options(args);
            return switch (args[0]) {
                case "verify" -> options.containsKey("bundle")
                        ? verifyBundle(options)
                        : verify(options);
                case "replay" -> replay(options);
                case "export" -> export(options);
                case "key-id" -> keyId(options);
                default -> throw new IllegalArgumentException("unknown command " + args[0]);
            };
        } catch (IllegalArgumentException e) {
            err.println("sightline-audit: " + e.getMessage());
            err.println("run 'sightline-audit --help' for usage");
            return 2;
        } catch (SQLException | DataAccessException e) {
            err.println("sightline-audit: the database could not be read: " + e.getMessage());
            return 2;
        } catch (IllegalStateException e) {
            err.println("sightline-audit: " + e.getMessage());
            return 1;
        } catch (IOException | UncheckedIOException e) {
            err.println("sightline-audit: " + e.getMessage());
            return 2;
        }
    }

    private int verify(Map<String, String> options) throws SQLException {
        String lsid = lsidOption(options, false);
        JdbcAuditSource source = new JdbcAuditSource(dataSource(options));
        List<SigningKey.PublicKey> keys = options.containsKey("public-key")
                ? List.of(publicKey(options))
                : source.recordedKeys();
        if (!options.containsKey("public-key")) {
            err.println("note: trusting the " + keys.size() + " key(s) the database records;"
                    + " pass --public-key to trust only yours");
        }

        if (lsid != null && source.countEvents(lsid) == 0) {
            err.println("sightline-audit: no event of LSID " + lsid);
            return 1;
        }
        long started = System.nanoTime();
        ChainVerifier verifier = new ChainVerifier(keys);
        expected(options).forEach(verifier::expect);
        // Every checkpoint, even for one LSID: a missing one breaks what follows it.
        verifier.checkCheckpoints(source.checkpoints());
        Progress progress = new Progress(err, "verifying", source.countEvents(lsid));
        source.streams(lsid, verifier::checkStream, progress::update);
        progress.finish();
        ChainVerifier.Report report = lsid == null
                ? verifier.finish(true)
                : verifier.finishFor(lsid);
        return summarise(report, (System.nanoTime() - started) / 1e9);
    }

    /** {@code --expect-checkpoint ID:SIGNATURE}, from a copy kept outside the database. */
    private static Map<Long, byte[]> expected(Map<String, String> options) {
        String value = options.get("expect-checkpoint");
        if (value == null) {
            return Map.of();
        }
        String[] parts = value.split(":", 2);
        try {
            return Map.of(Long.parseLong(parts[0]), HexFormat.of().parseHex(parts[1]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--expect-checkpoint is ID:SIGNATURE, the"
                    + " checkpoint's number and its signature in hex (as syslog carries them)");
        }
    }

    private int verifyBundle(Map<String, String> options) {
        Path directory = Path.of(options.get("bundle"));
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("no bundle directory " + directory);
        }
        long started = System.nanoTime();
        ChainVerifier.Report report = Bundle.verify(directory, publicKey(options));
        return summarise(report, (System.nanoTime() - started) / 1e9);
    }

    private int summarise(ChainVerifier.Report report, double seconds) {
        if (!report.verified()) {
            out.println("NOT VERIFIED: " + report.findings().size() + " problem(s)");
            report.findings().forEach(finding -> out.println("  " + finding.describe()));
            Finding first = report.findings().get(0);
            out.println("first failure: " + first.kind().name().toLowerCase(Locale.ROOT)
                    + ", LSID " + first.lsid() + ", seq " + first.seq());
            return 1;
        }
        out.printf(Locale.ROOT, "VERIFIED: %,d LSIDs, %,d events, %,d checkpoints in %.2f s"
                        + " (%,.0f events/s)%n", report.streams(), report.events(),
                report.checkpoints(), seconds, report.events() / Math.max(seconds, 1e-9));
        if (report.unsignedEvents() > 0) {
            out.printf(Locale.ROOT, "note: %,d events in %,d LSIDs come after the newest"
                    + " checkpoint covering them: no signature vouches for them yet%n",
                    report.unsignedEvents(), report.unsignedStreams());
        }
        report.coveringCheckpoint().entrySet().stream()
                .filter(entry -> report.streams() == 1)
                .forEach(entry -> out.println("covered by checkpoint " + entry.getValue()));
        return 0;
    }

    private int replay(Map<String, String> options) throws SQLException, IOException {
        Lsid lsid = Lsid.parse(lsidOption(options, true));
        Instant asOf = null;
        if (options.containsKey("as-of")) {
            try {
                asOf = Instant.parse(options.get("as-of"));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "--as-of is an ISO-8601 instant such as 2026-12-04T10:15:30Z");
            }
        }
        String format = options.getOrDefault("format", "text");
        if (!format.equals("text") && !format.equals("json")) {
            throw new IllegalArgumentException("--format is text or json");
        }

        DataSource dataSource = dataSource(options);
        List<LogEntry> log = SessionLogReplay.fromDatabase(dataSource, lsid, asOf,
                new FieldEncryption(sessionKeys(options, dataSource), SessionLogReplay.JSON));
        if (log.isEmpty()) {
            err.println("sightline-audit: no event of LSID " + lsid
                    + (asOf == null ? "" : " up to " + asOf));
            return 1;
        }
        out.print(format.equals("json")
                ? SessionLogReplay.JSON.writeValueAsString(log) + "\n"
                : TextLog.render(lsid.value(), log));
        return 0;
    }

    private int export(Map<String, String> options) throws SQLException, IOException {
        Lsid lsid = Lsid.parse(lsidOption(options, true));
        String out = options.get("out");
        if (out == null) {
            throw new IllegalArgumentException("export needs --out DIR");
        }
        DataSource dataSource = dataSource(options);
        int events = Bundle.export(new JdbcAuditSource(dataSource),
                sessionKeys(options, dataSource), lsid, Path.of(out));
        this.out.println("exported " + events + " events of " + lsid + " to " + out);
        return 0;
    }

    private String lsidOption(Map<String, String> options, boolean required) {
        String lsid = options.get("lsid");
        if (lsid == null) {
            if (required) {
                throw new IllegalArgumentException("this command needs --lsid L");
            }
            return null;
        }
        return Lsid.parse(lsid).value();
    }

    private SigningKey.PublicKey publicKey(Map<String, String> options) {
        String file = options.get("public-key");
        if (file == null) {
            throw new IllegalArgumentException("this command needs --public-key FILE");
        }
        if (!Files.isReadable(Path.of(file))) {
            throw new IllegalArgumentException("cannot read the public key " + file);
        }
        return SigningKey.PublicKey.read(Path.of(file));
    }

    private int keyId(Map<String, String> options) {
        MasterKey key = masterKey(options);
        if (key == null) {
            throw new IllegalArgumentException("key-id needs --master-key FILE or"
                    + " --master-keystore FILE");
        }
        out.println(key.id());
        return 0;
    }

    /** The sessions' data keys, unwrapped with the master key when one is given. */
    private SessionKeys sessionKeys(Map<String, String> options, DataSource dataSource) {
        MasterKey key = masterKey(options);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        return key == null ? DataKeys.withoutMasterKey(jdbc)
                : new DataKeys(jdbc, key, Duration.ZERO, Clock.systemUTC());
    }

    /** The master key from a key file or a keystore; null when neither is given. */
    private MasterKey masterKey(Map<String, String> options) {
        String file = options.getOrDefault("master-key",
                environment.get("SIGHTLINE_AUDIT_MASTER_KEY_FILE"));
        String keyStore = options.get("master-keystore");
        if (file != null && keyStore != null) {
            throw new IllegalArgumentException("give --master-key or --master-keystore, not both");
        }
        String given = file != null ? file : keyStore;
        if (given == null) {
            return null;
        }
        if (!Files.isReadable(Path.of(given))) {
            throw new IllegalArgumentException("cannot read the master key " + given);
        }
        try {
            if (file != null) {
                return MasterKey.read(Path.of(file));
            }
            String password = environment.getOrDefault("SIGHTLINE_AUDIT_KEYSTORE_PASSWORD", "");
            return MasterKey.fromKeyStore(Path.of(keyStore), password.toCharArray(),
                    options.getOrDefault("key-alias", "sightline-master"));
        } catch (IllegalStateException | UncheckedIOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private PGSimpleDataSource dataSource(Map<String, String> options) {
        String url = options.getOrDefault("jdbc-url", environment.get("SIGHTLINE_AUDIT_JDBC_URL"));
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("give the database as --jdbc-url"
                    + " jdbc:postgresql://HOST:PORT/DATABASE (or SIGHTLINE_AUDIT_JDBC_URL)");
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        String user = options.getOrDefault("user", environment.get("SIGHTLINE_AUDIT_USER"));
        if (user != null) {
            dataSource.setUser(user);
        }
        String password = environment.get("SIGHTLINE_AUDIT_PASSWORD");
        if (password != null) {
            dataSource.setPassword(password);
        }
        dataSource.setReadOnly(true);
        return dataSource;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            String name = arg.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (!FLAGS.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            options.put(name, value);
        }
        return options;
    }
}
