package org.sightline.projections.chain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.sightline.projections.chain.ChainVerifier.SignedCheckpoint;
import org.sightline.projections.chain.Checkpointer.Checkpoint;
import org.sightline.projections.chain.Checkpointer.Leaf;

/**
 * Reads the raw rows a verification needs straight from the database: events, links,
 * checkpoints and their keys. It needs SELECT only, and streams the events with a cursor,
 * one stream at a time, so memory holds the largest stream and no more.
 */
public final class JdbcAuditSource {

    private static final int FETCH_SIZE = 5_000;

    private final DataSource dataSource;

    public JdbcAuditSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every checkpoint with its leaves, in id order. */
    public List<SignedCheckpoint> checkpoints() throws SQLException {
        return checkpoints("SELECT checkpoint_id, lsid, seq, hash FROM checkpoint_leaf"
                        + " ORDER BY checkpoint_id, position",
                "SELECT id, created_at, leaf_count, merkle_root, previous_digest, key_id,"
                        + " signature FROM checkpoint ORDER BY id", null);
    }

    /** The checkpoints that cover one stream, each with all its leaves, in id order. */
    public List<SignedCheckpoint> checkpointsCovering(String lsid) throws SQLException {
        String covering = "(SELECT checkpoint_id FROM checkpoint_leaf WHERE lsid = ?)";
        return checkpoints("SELECT checkpoint_id, lsid, seq, hash FROM checkpoint_leaf"
                        + " WHERE checkpoint_id IN " + covering
                        + " ORDER BY checkpoint_id, position",
                "SELECT id, created_at, leaf_count, merkle_root, previous_digest, key_id,"
                        + " signature FROM checkpoint WHERE id IN " + covering + " ORDER BY id",
                lsid);
    }

    private List<SignedCheckpoint> checkpoints(String leafQuery, String checkpointQuery,
            String lsid) throws SQLException {
        Map<Long, List<Leaf>> leaves = new HashMap<>();
        List<Checkpoint> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement query = bound(connection, leafQuery, lsid);
                    ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    leaves.computeIfAbsent(row.getLong(1), id -> new ArrayList<>())
                            .add(new Leaf(row.getString(2), row.getLong(3), row.getBytes(4)));
                }
            }
            try (PreparedStatement query = bound(connection, checkpointQuery, lsid);
                    ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    found.add(new Checkpoint(row.getLong(1), row.getString(2), row.getInt(3),
                            row.getBytes(4), row.getBytes(5), row.getString(6),
                            row.getBytes(7)));
                }
            }
        }
        return found.stream()
                .map(c -> new SignedCheckpoint(c, leaves.getOrDefault(c.id(), List.of())))
                .toList();
    }

    private static PreparedStatement bound(Connection connection, String sql, String lsid)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        if (lsid != null) {
            statement.setString(1, lsid);
        }
        return statement;
    }

    /**
     * The public keys the database records. NOTE: whoever can write the database can add a
     * key; an auditor passes the key they hold instead.
     */
    public List<SigningKey.PublicKey> recordedKeys() throws SQLException {
        List<SigningKey.PublicKey> keys = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT public_key FROM checkpoint_key");
                ResultSet row = query.executeQuery()) {
            while (row.next()) {
                keys.add(SigningKey.PublicKey.fromDer(row.getBytes(1)));
            }
        }
        return keys;
    }

    /** How many events the store holds, or the stream holds when {@code lsid} is present. */
    public long countEvents(String lsid) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(lsid == null
                        ? "SELECT count(*) FROM domainevententry"
                        : "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?")) {
            if (lsid != null) {
                query.setString(1, lsid);
            }
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** One stream's events in sequence order and its links by sequence number. */
    public interface StreamConsumer {
        void accept(String lsid, List<StoredEvent> events, Map<Long, byte[]> links);
    }

    /**
     * Hands every stream (or only {@code lsid}'s) to {@code each}; {@code progress} hears the
     * running count of events read. Streams with events come in the order of the event
     * table's stream index; streams whose every event is gone, but whose links remain, come
     * last.
     *
     * <p>Events and their links are read in one index-ordered join. Links whose event is
     * gone are found first by an anti-join (normally none) and added to their streams.
     */
    public void streams(String lsid, StreamConsumer each, LongConsumer progress)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            // One snapshot for both queries, so that an append in between is no "deletion".
            try (Statement isolation = connection.createStatement()) {
                isolation.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            }
            try {
                Map<String, Map<Long, byte[]>> orphans = linksWithoutEvents(connection, lsid);
                readEvents(connection, lsid, orphans, each, progress);
                for (Map.Entry<String, Map<Long, byte[]>> stream : orphans.entrySet()) {
                    each.accept(stream.getKey(), List.of(), stream.getValue());
                }
            } finally {
                connection.rollback();
            }
        }
    }

    private static Map<String, Map<Long, byte[]>> linksWithoutEvents(Connection connection,
            String lsid) throws SQLException {
        Map<String, Map<Long, byte[]>> orphans = new TreeMap<>();
        String sql = "SELECT c.lsid, c.seq, c.hash FROM event_chain c WHERE"
                + (lsid == null ? "" : " c.lsid = ? AND")
                + " NOT EXISTS (SELECT 1 FROM domainevententry e WHERE"
                + " e.aggregateidentifier = c.lsid AND e.sequencenumber = c.seq)";
        try (PreparedStatement query = bound(connection, sql, lsid);
                ResultSet row = query.executeQuery()) {
            while (row.next()) {
                orphans.computeIfAbsent(row.getString(1), id -> new HashMap<>())
                        .put(row.getLong(2), row.getBytes(3));
            }
        }
        return orphans;
    }

    private static void readEvents(Connection connection, String lsid,
            Map<String, Map<Long, byte[]>> orphans, StreamConsumer each, LongConsumer progress)
            throws SQLException {
        String sql = "SELECT e.aggregateidentifier, e.sequencenumber, e.globalindex,"
                + " e.eventidentifier, e.type, e.payloadtype, e.payloadrevision, e.timestamp,"
                + " e.payload, e.metadata, c.hash"
                + " FROM domainevententry e LEFT JOIN event_chain c"
                + " ON c.lsid = e.aggregateidentifier AND c.seq = e.sequencenumber"
                + (lsid == null ? "" : " WHERE e.aggregateidentifier = ?")
                + " ORDER BY e.aggregateidentifier, e.sequencenumber";
        try (PreparedStatement query = bound(connection, sql, lsid)) {
            query.setFetchSize(FETCH_SIZE);
            try (ResultSet row = query.executeQuery()) {
                readStreams(row, orphans, each, progress);
            }
        }
    }

    private static void readStreams(ResultSet row, Map<String, Map<Long, byte[]>> orphans,
            StreamConsumer each, LongConsumer progress) throws SQLException {
        String current = null;
        List<StoredEvent> events = new ArrayList<>();
        Map<Long, byte[]> links = new HashMap<>();
        long read = 0;
        while (row.next()) {
            String lsid = row.getString(1);
            if (!lsid.equals(current)) {
                if (current != null) {
                    each.accept(current, events, links);
                }
                current = lsid;
                events = new ArrayList<>();
                Map<Long, byte[]> orphaned = orphans.remove(lsid);
                links = orphaned == null ? new HashMap<>() : orphaned;
            }
            long seq = row.getLong(2);
            events.add(new StoredEvent(lsid, seq, row.getLong(3), row.getString(4),
                    row.getString(5), row.getString(6), row.getString(7), row.getString(8),
                    row.getBytes(9), row.getBytes(10)));
            byte[] link = row.getBytes(11);
            if (link != null) {
                links.put(seq, link);
            }
            progress.accept(++read);
        }
        if (current != null) {
            each.accept(current, events, links);
        }
    }
}
