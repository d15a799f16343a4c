package org.sightline.projections.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.audit.CheckpointSigned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signs checkpoints: every {@code sightline.audit.checkpoint-interval} (default 60 seconds)
 * and after each session ends, one checkpoint covers every stream whose chain advanced since
 * the last, as the Merkle root of their heads, signed with Ed25519.
 *
 * <p>Safe when several nodes run it: a PostgreSQL advisory lock lets one sign at a time, and
 * each checkpoint names the digest of the one before. The key is read from
 * {@code sightline.audit.signing-key-file}; when that file does not exist a key pair is made
 * there and its public key printed.
 *
 * <p>NOTE: every node must be given the same key file; a node that makes its own signs with
 * a key the auditors do not hold.
 */
@Component
public class Checkpointer {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    private static final long LOCK = 0x5167_6874_6c69_6e65L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final SigningKey key;
    private final Path keyFile;

    public Checkpointer(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock,
            @Value("${sightline.audit.signing-key-file:.sightline/checkpoint-signing-key.pem}")
            Path keyFile) {
        this.jdbc = jdbc;
        // Its own transaction even inside a processor's: a checkpoint is committed before
        // anyone verifies against it.
        this.transaction = new TransactionTemplate(transactions);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.keyFile = keyFile;
        this.key = SigningKey.readOrCreate(keyFile, created -> announce(created, keyFile));
    }

    /** The signed records of one checkpoint, as stored. */
    public record Checkpoint(long id, String createdAt, int leafCount, byte[] merkleRoot,
            byte[] previousDigest, String keyId, byte[] signature) {

        public byte[] signedBytes() {
            return Canonical.checkpoint(id, createdAt, leafCount, merkleRoot, previousDigest,
                    keyId);
        }

        /** What the next checkpoint signs as its predecessor. */
        public byte[] digest() {
            var sha = Canonical.sha256();
            sha.update(signedBytes());
            sha.update(signature);
            return sha.digest();
        }
    }

    /** A stream's head as a checkpoint covers it. */
    public record Leaf(String lsid, long seq, byte[] hash) {

        public byte[] bytes() {
            return Canonical.leaf(lsid, seq, hash);
        }
    }

    public SigningKey.PublicKey publicKey() {
        return key.publicKey();
    }

    /**
     * Signs a checkpoint over every stream that advanced; empty when none did. Refuses, and
     * logs an error, when the database no longer holds the last checkpoint this node signed
     * as it was signed: someone removed or replaced checkpoints, and signing on would vouch
     * for whatever the chains now hold.
     */
    public Optional<Long> checkpoint() {
        Optional<Checkpoint> signed = transaction.execute(status -> signUnderLock());
        signed.ifPresent(this::remember);
        return signed.map(Checkpoint::id);
    }

    private Optional<Checkpoint> signUnderLock() {
        jdbc.queryForObject("SELECT pg_advisory_xact_lock(?)", Object.class, LOCK);
        refuseIfCheckpointsWereLost();
        // The checkpoint stream itself is left out: each checkpoint appends to it, and would
        // otherwise make the next one due. Its events carry their own signatures.
        List<Leaf> leaves = jdbc.query("SELECT lsid, seq, hash FROM chain_head"
                        + " WHERE seq > checkpointed_seq AND lsid <> ? ORDER BY lsid",
                (row, n) -> new Leaf(row.getString("lsid"), row.getLong("seq"),
                        row.getBytes("hash")), Lsid.CHECKPOINTS.value());
        if (leaves.isEmpty()) {
            return Optional.empty();
        }

        Optional<Checkpoint> previous = latest();
        long id = previous.map(p -> p.id() + 1).orElse(1L);
        byte[] previousDigest = previous.map(Checkpoint::digest).orElse(Canonical.GENESIS);
        byte[] root = MerkleTree.root(leaves.stream().map(Leaf::bytes).toList());
        String createdAt = clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
        String keyId = key.publicKey().id();
        byte[] signature = key.sign(Canonical.checkpoint(id, createdAt, leaves.size(), root,
                previousDigest, keyId));

        registerKey();
        jdbc.update("INSERT INTO checkpoint (id, created_at, leaf_count, merkle_root,"
                        + " previous_digest, key_id, signature) VALUES (?, ?, ?, ?, ?, ?, ?)",
                id, createdAt, leaves.size(), root, previousDigest, keyId, signature);
        jdbc.batchUpdate("INSERT INTO checkpoint_leaf (checkpoint_id, position, lsid, seq, hash)"
                + " VALUES (?, ?, ?, ?, ?)", positions(id, leaves));
        jdbc.execute("SELECT sightline_mark_checkpointed(" + id + ")");
        appendEvent(new CheckpointSigned(Lsid.CHECKPOINTS, id, createdAt, leaves.size(),
                hex(root), hex(previousDigest), keyId, hex(signature)));
        LOG.info("Signed checkpoint {} over {} streams", id, leaves.size());
        return Optional.of(new Checkpoint(id, createdAt, leaves.size(), root, previousDigest,
                keyId, signature));
    }

    /** This node's record of its last checkpoint in this database: "ID DIGEST". */
    private Path memory() {
        String site = jdbc.queryForObject("SELECT id::text FROM site_identity", String.class);
        return Path.of(keyFile + ".last-checkpoint-" + site);
    }

    private void remember(Checkpoint checkpoint) {
        try {
            Path file = memory();
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(),
                    ".last-checkpoint", ".tmp");
            Files.writeString(temporary, checkpoint.id() + " " + hex(checkpoint.digest()) + "\n");
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Could not record checkpoint {} beside the key: {}", checkpoint.id(),
                    e.toString());
        }
    }

    private void refuseIfCheckpointsWereLost() {
        Path file = memory();
        if (!Files.exists(file)) {
            return;
        }
        String[] remembered;
        try {
            remembered = Files.readString(file).trim().split(" ");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        long id = Long.parseLong(remembered[0]);
        Optional<Checkpoint> stored = byId(id);
        String problem = stored.isEmpty()
                ? "the database no longer holds checkpoint " + id + ", which this node signed"
                : !hex(stored.get().digest()).equals(remembered[1])
                        ? "checkpoint " + id + " in the database is not the one this node signed"
                        : null;
        if (problem != null) {
            LOG.error("Not signing checkpoints: {}. Run sightline-audit verify with"
                    + " --expect-checkpoint from the syslog copy before anything else.", problem);
            throw new IllegalStateException(problem);
        }
    }

    private Optional<Checkpoint> byId(long id) {
        return jdbc.query("SELECT id, created_at, leaf_count, merkle_root, previous_digest,"
                        + " key_id, signature FROM checkpoint WHERE id = ?",
                (row, n) -> new Checkpoint(row.getLong("id"), row.getString("created_at"),
                        row.getInt("leaf_count"), row.getBytes("merkle_root"),
                        row.getBytes("previous_digest"), row.getString("key_id"),
                        row.getBytes("signature")), id)
                .stream()
                .findFirst();
    }

    /** The newest checkpoint, if any. */
    public Optional<Checkpoint> latest() {
        return jdbc.query("SELECT id, created_at, leaf_count, merkle_root, previous_digest,"
                        + " key_id, signature FROM checkpoint ORDER BY id DESC LIMIT 1",
                (row, n) -> new Checkpoint(row.getLong("id"), row.getString("created_at"),
                        row.getInt("leaf_count"), row.getBytes("merkle_root"),
                        row.getBytes("previous_digest"), row.getString("key_id"),
                        row.getBytes("signature")))
                .stream()
                .findFirst();
    }

    /**
     * Appends the checkpoint to the event store in the checkpoint's own transaction, as Axon
     * would store it, so every event consumer (the syslog feed above all) receives it, and
     * the chain trigger links it into its stream.
     */
    private void appendEvent(CheckpointSigned event) {
        Long next = jdbc.queryForObject("SELECT coalesce(max(sequencenumber) + 1, 0)"
                + " FROM domainevententry WHERE aggregateidentifier = ?", Long.class,
                event.lsid().value());
        try {
            jdbc.update("INSERT INTO domainevententry (aggregateidentifier, sequencenumber,"
                            + " type, eventidentifier, metadata, payload, payloadtype, timestamp)"
                            + " VALUES (?, ?, 'Checkpoints', ?, ?, ?, ?, ?)",
                    event.lsid().value(), next, UUID.randomUUID().toString(),
                    "{}".getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(event),
                    CheckpointSigned.class.getName(), clock.instant().toString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a checkpoint event cannot be written", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private void registerKey() {
        jdbc.update("INSERT INTO checkpoint_key (key_id, algorithm, public_key, created_at)"
                        + " VALUES (?, 'Ed25519', ?, ?) ON CONFLICT (key_id) DO NOTHING",
                key.publicKey().id(), key.publicKey().der(), Timestamp.from(clock.instant()));
    }

    private static List<Object[]> positions(long id, List<Leaf> leaves) {
        return IntStream.range(0, leaves.size())
                .mapToObj(i -> new Object[] {id, i, leaves.get(i).lsid(), leaves.get(i).seq(),
                        leaves.get(i).hash()})
                .toList();
    }

    private static void announce(SigningKey created, Path file) {
        LOG.warn("No checkpoint signing key at {}: made a new Ed25519 key {}"
                + " (public key in {}.pub)", file.toAbsolutePath(), created.publicKey().id(), file);
        System.out.println("Sightline checkpoint public key (" + created.publicKey().id() + "):");
        System.out.print(created.publicKey().pem());
    }
}
