package org.sightline.projections.chain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
     * Hands every stream (or only {@code lsid}'s) to {@code each}, in LSID order;
     * {@code progress} hears the running count of events read.
     */
    public void streams(String lsid, StreamConsumer each, LongConsumer progress)
            throws SQLException {
        String filter = lsid == null ? "" : " WHERE aggregateidentifier = ?";
        String linkFilter = lsid == null ? "" : " WHERE lsid = ?";
        String sql = "SELECT coalesce(e.aggregateidentifier, c.lsid), coalesce(e.sequencenumber,"
                + " c.seq), e.globalindex, e.eventidentifier, e.type, e.payloadtype,"
                + " e.payloadrevision, e.timestamp, e.payload, e.metadata,"
                + " e.aggregateidentifier IS NOT NULL, c.hash"
                + " FROM (SELECT * FROM domainevententry" + filter + ") e"
                + " FULL JOIN (SELECT * FROM event_chain" + linkFilter + ") c"
                + " ON c.lsid = e.aggregateidentifier AND c.seq = e.sequencenumber"
                + " ORDER BY 1, 2";
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                query.setFetchSize(FETCH_SIZE);
                if (lsid != null) {
                    query.setString(1, lsid);
                    query.setString(2, lsid);
                }
                try (ResultSet row = query.executeQuery()) {
                    readStreams(row, each, progress);
                }
            } finally {
                connection.rollback();
            }
        }
    }

    private static void readStreams(ResultSet row, StreamConsumer each, LongConsumer progress)
            throws SQLException {
        String current = null;
        List<StoredEvent> events = new ArrayList<>();
        Map<Long, byte[]> links = new HashMap<>();
        long read = 0;
        while (row.next()) {
            String lsid = row.getString(1);
            if (current != null && !current.equals(lsid)) {
                each.accept(current, events, links);
                events = new ArrayList<>();
                links = new HashMap<>();
            }
            current = lsid;
            long seq = row.getLong(2);
            if (row.getBoolean(11)) {
                events.add(new StoredEvent(lsid, seq, row.getLong(3), row.getString(4),
                        row.getString(5), row.getString(6), row.getString(7), row.getString(8),
                        row.getBytes(9), row.getBytes(10)));
                progress.accept(++read);
            }
            byte[] link = row.getBytes(12);
            if (link != null) {
                links.put(seq, link);
            }
        }
        if (current != null) {
            each.accept(current, events, links);
        }
    }
}
