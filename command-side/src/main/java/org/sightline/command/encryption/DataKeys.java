package org.sightline.command.encryption;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.crypto.AesGcm;
import org.sightline.contracts.relay.SessionContentKeys;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The sessions' data keys in {@code session_data_key}, wrapped by the {@link MasterKey}.
 *
 * <p>A key is made in the transaction of its session's first sensitive event, so the key and
 * the content it protects commit, or roll back, together; it is cached only once committed.
 * Destroying a key clears its wrapped bytes and keeps the row, so no key is ever made again for
 * that session. NOTE: another node may hold a destroyed key in its cache for up to the cache's
 * time to live; the key is gone from the database at once.
 */
public class DataKeys implements SessionKeys, SessionContentKeys {

    private static final int CACHE_ENTRIES = 10_000;

    private final JdbcTemplate jdbc;
    private final MasterKey master;
    private final Duration cacheTtl;
    private final Clock clock;
    private final Map<String, Cached> cache = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };

    private record Cached(SecretKey key, Instant until) {
    }

    /**
     * Keys of a reader that holds no master key (the audit tool without one): a session with
     * a key reads as {@link Withheld}, never as expired.
     */
    public static DataKeys withoutMasterKey(JdbcTemplate jdbc) {
        return new DataKeys(jdbc, null, Duration.ZERO, Clock.systemUTC());
    }

    /** @param master null for a reader without the master key */
    public DataKeys(JdbcTemplate jdbc, MasterKey master, Duration cacheTtl, Clock clock) {
        this.jdbc = jdbc;
        this.master = master;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    /**
     * Refuses a master key that does not match the one the stored keys are wrapped with: with
     * the wrong key every session would read as unreadable, which must never look like expiry.
     */
    public void checkMasterKey() {
        if (master == null) {
            return;
        }
        List<String> others = jdbc.queryForList("SELECT DISTINCT master_key_id FROM"
                + " session_data_key WHERE wrapped_key IS NOT NULL AND master_key_id <> ?",
                String.class, master.id());
        if (others.isEmpty()) {
            jdbc.update("INSERT INTO site_master_key (key_id) VALUES (?) ON CONFLICT DO NOTHING",
                    master.id());
            others = jdbc.queryForList("SELECT key_id FROM site_master_key WHERE key_id <> ?",
                    String.class, master.id());
        }
        if (!others.isEmpty()) {
            throw new IllegalStateException("This site's session keys are wrapped by master"
                    + " key " + others + ", but the configured master key is " + master.id()
                    + ". Configure the master key this site was started with"
                    + " (sightline.encryption.master-key-file or keystore); a key file's id is"
                    + " printed by 'sightline-audit key-id --master-key FILE'.");
        }
    }

    @Override
    public SecretKey forWriting(Lsid lsid) {
        if (master == null) {
            throw new IllegalStateException("no master key: session content cannot be written");
        }
        Lookup lookup = find(lsid);
        if (lookup instanceof Found found) {
            return found.key();
        }
        if (lookup instanceof Destroyed destroyed) {
            throw new IllegalStateException("the content of session " + lsid + " expired at "
                    + destroyed.at() + "; nothing more can be recorded in it");
        }
        SecretKey created = newKey();
        byte[] wrapped = AesGcm.seal(master.secretKey(), created.getEncoded(), binding(lsid));
        int inserted = jdbc.update("INSERT INTO session_data_key (lsid, master_key_id,"
                + " wrapped_key) VALUES (?, ?, ?) ON CONFLICT (lsid) DO NOTHING",
                lsid.value(), master.id(), wrapped);
        if (inserted == 0) {
            return forWriting(lsid); // made by a concurrent first event, now committed
        }
        afterCommit(() -> remember(lsid, created));
        return created;
    }

    @Override
    public Lookup find(Lsid lsid) {
        synchronized (cache) {
            Cached cached = cache.get(lsid.value());
            if (cached != null && cached.until().isAfter(clock.instant())) {
                return new Found(cached.key());
            }
        }
        List<Lookup> rows = jdbc.query("SELECT master_key_id, wrapped_key, destroyed_at"
                + " FROM session_data_key WHERE lsid = ?", (row, n) -> {
                    if (row.getBytes(2) == null) {
                        return new Destroyed(row.getTimestamp(3).toInstant());
                    }
                    if (master == null) {
                        return new Withheld();
                    }
                    if (!row.getString(1).equals(master.id())) {
                        throw new IllegalStateException("the key of session " + lsid
                                + " is wrapped by master key " + row.getString(1)
                                + ", not by the configured " + master.id());
                    }
                    return new Found(new SecretKeySpec(AesGcm.open(master.secretKey(),
                            row.getBytes(2), binding(lsid)), "AES"));
                }, lsid.value());
        if (rows.isEmpty()) {
            return new Absent();
        }
        if (rows.get(0) instanceof Found found && !TransactionSynchronizationManager
                .isActualTransactionActive()) {
            remember(lsid, found.key());
        } else if (rows.get(0) instanceof Found found) {
            afterCommit(() -> remember(lsid, found.key()));
        }
        return rows.get(0);
    }

    @Override
    public SecretKey keyForWriting(Lsid lsid) {
        return forWriting(lsid);
    }

    @Override
    public Optional<SecretKey> keyForReading(Lsid lsid) {
        return find(lsid) instanceof Found found ? Optional.of(found.key()) : Optional.empty();
    }

    /**
     * Destroys {@code lsid}'s key, in the caller's transaction; true if there was one. The
     * content it protected can never be read again once that transaction commits.
     */
    public boolean destroy(Lsid lsid) {
        forget(lsid);
        afterCommit(() -> forget(lsid));
        return jdbc.update("UPDATE session_data_key SET wrapped_key = NULL, destroyed_at = now()"
                + " WHERE lsid = ? AND wrapped_key IS NOT NULL", lsid.value()) == 1;
    }

    private void remember(Lsid lsid, SecretKey key) {
        synchronized (cache) {
            cache.put(lsid.value(), new Cached(key, clock.instant().plus(cacheTtl)));
        }
    }

    private void forget(Lsid lsid) {
        synchronized (cache) {
            cache.remove(lsid.value());
        }
    }

    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    private static SecretKey newKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            return generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256 is unavailable: " + e.getMessage(), e);
        }
    }

    /** Binds a wrapped key to its session: a row copied to another LSID does not unwrap. */
    private static String binding(Lsid lsid) {
        return "sightline data key v1|" + lsid.value();
    }
}
