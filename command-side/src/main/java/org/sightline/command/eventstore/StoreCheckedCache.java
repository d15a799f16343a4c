package org.sightline.command.eventstore;

import java.lang.reflect.Field;
import java.util.List;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A cache of loaded aggregates that hands one out only while it is as new as the store.
 *
 * <p>Several nodes may append to one session: a web node takes a rep's command, another web
 * node the customer's, the relay node its own. A copy cached by one node is then behind the
 * store, and a decision taken on it would be wrong: a relay token for a rep who has left, a
 * refusal of the customer's "take control back" because this node never saw the rep take
 * it. So each time Axon asks for a cached aggregate, the store's newest sequence number of
 * that LSID (one indexed look-up) must equal the copy's version; otherwise the copy is
 * dropped and Axon sources the aggregate from the store. An append that races with another
 * node's after the look-up still collides on the (LSID, sequence) key and is refused.
 *
 * <p>The copy's version sits in a private field of Axon's cache entry. If a later Axon moves
 * it, no copy can be checked and none is handed out: the cache only ever saves time.
 */
final class StoreCheckedCache implements Cache {

    private static final Logger LOG = LoggerFactory.getLogger(StoreCheckedCache.class);
    private static final Field VERSION = versionField();

    private final Cache copies = new WeakReferenceCache();
    private final JdbcTemplate jdbc;

    StoreCheckedCache(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static Field versionField() {
        try {
            Field version = AggregateCacheEntry.class.getDeclaredField("version");
            version.setAccessible(true);
            return version;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Aggregates are not cached: this Axon's cache entry has no readable"
                    + " version ({})", e.toString());
            return null;
        }
    }

    @Override
    public <K, V> V get(K key) {
        V copy = copies.get(key);
        if (copy == null) {
            return null;
        }
        if (copy instanceof AggregateCacheEntry<?> entry && isCurrent(key, entry)) {
            return copy;
        }
        copies.remove(key);
        return null;
    }

    private boolean isCurrent(Object key, AggregateCacheEntry<?> entry) {
        if (VERSION == null) {
            return false;
        }
        Object version;
        try {
            version = VERSION.get(entry);
        } catch (IllegalAccessException e) {
            return false;
        }
        List<Long> newest = jdbc.queryForList("SELECT max(sequencenumber) FROM domainevententry"
                + " WHERE aggregateidentifier = ?", Long.class, key.toString());
        return version != null && newest.size() == 1 && version.equals(newest.get(0));
    }

    @Override
    public void put(Object key, Object value) {
        copies.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return copies.putIfAbsent(key, value);
    }

    @Override
    public boolean remove(Object key) {
        return copies.remove(key);
    }

    @Override
    public void removeAll() {
        copies.removeAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return copies.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        return copies.registerCacheEntryListener(listener);
    }
}
