package org.sightline.projections.chain;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.sightline.projections.chain.Checkpointer.Checkpoint;
import org.sightline.projections.chain.Checkpointer.Leaf;

/**
 * Recomputes hash chains and checks checkpoints from raw rows, trusting neither the
 * database nor Sightline: only the public keys it is given.
 *
 * <p>Use: {@link #checkCheckpoints} once with every checkpoint in id order, then
 * {@link #checkStream} for each stream, then {@link #finish}. Each stream reports at most
 * its first failure: after it, the chain proves nothing more.
 */
public final class ChainVerifier {

    private static final String CHECKPOINT_STREAM = "0".repeat(31) + "1";

    private final Map<String, SigningKey.PublicKey> trustedKeys = new HashMap<>();
    private final Map<String, List<CoveredHead>> heads = new HashMap<>();
    private final Set<String> seen = new HashSet<>();
    private final List<Finding> findings = new ArrayList<>();
    private final MessageDigest sha = Canonical.sha256();
    private final Map<String, Long> coveringCheckpoint = new HashMap<>();
    private final Map<Long, byte[]> expectedSignatures = new HashMap<>();
    private long streams;
    private long events;
    private long checkpoints;
    private long unsignedEvents;
    private long unsignedStreams;

    /** A checkpoint with the leaves it signed. */
    public record SignedCheckpoint(Checkpoint checkpoint, List<Leaf> leaves) {
    }

    private record CoveredHead(long checkpointId, Leaf leaf) {
    }

    /** A verifier that accepts signatures by these keys only. */
    public ChainVerifier(List<SigningKey.PublicKey> keys) {
        keys.forEach(key -> trustedKeys.put(key.id(), key));
    }

    /**
     * Expects a checkpoint known from outside the database (a syslog copy, say) to be there
     * with this signature; a store whose checkpoints were deleted and signed anew fails it.
     */
    public void expect(long checkpointId, byte[] signature) {
        expectedSignatures.put(checkpointId, signature.clone());
    }

    /**
     * Checks every checkpoint, which must come in id order from the first, each following
     * the one before, and the ones expected from outside the database.
     */
    public void checkCheckpoints(List<SignedCheckpoint> signed) {
        byte[] previousDigest = Canonical.GENESIS;
        long expectedId = 1;
        for (SignedCheckpoint each : signed) {
            Checkpoint checkpoint = each.checkpoint();
            checkpoints++;
            String problem = problemOf(checkpoint, each.leaves(), expectedId, previousDigest);
            if (problem != null) {
                findings.add(new Finding(Finding.Kind.CHECKPOINT_FORGED, null, checkpoint.id(),
                        null, null, problem));
            } else {
                each.leaves().forEach(leaf -> heads.computeIfAbsent(leaf.lsid(),
                        lsid -> new ArrayList<>()).add(new CoveredHead(checkpoint.id(), leaf)));
            }
            previousDigest = checkpoint.digest();
            expectedId = checkpoint.id() + 1;
        }
        Map<Long, byte[]> found = new HashMap<>();
        signed.forEach(each -> found.put(each.checkpoint().id(), each.checkpoint().signature()));
        expectedSignatures.forEach((id, signature) -> {
            if (!found.containsKey(id)) {
                findings.add(new Finding(Finding.Kind.CHECKPOINT_FORGED, null, id, signature,
                        null, "checkpoint " + id + ", known outside the database, is missing"));
            } else if (!Arrays.equals(found.get(id), signature)) {
                findings.add(new Finding(Finding.Kind.CHECKPOINT_FORGED, null, id, signature,
                        found.get(id), "checkpoint " + id + " is not the one known outside the"
                                + " database"));
            }
        });
    }

    /** The first problem of a checkpoint: its own signature and root first, then its place. */
    private String problemOf(Checkpoint checkpoint, List<Leaf> leaves, long expectedId,
            byte[] previousDigest) {
        SigningKey.PublicKey key = trustedKeys.get(checkpoint.keyId());
        if (key == null) {
            return "signed by key " + checkpoint.keyId() + ", which is not trusted";
        }
        if (!key.verifies(checkpoint.signedBytes(), checkpoint.signature())) {
            return "its signature does not verify";
        }
        if (leaves.size() != checkpoint.leafCount() || leaves.isEmpty()) {
            return "it signs " + checkpoint.leafCount() + " heads but holds " + leaves.size();
        }
        byte[] root = MerkleTree.root(leaves.stream().map(Leaf::bytes).toList());
        if (!Arrays.equals(root, checkpoint.merkleRoot())) {
            return "its heads do not give the Merkle root it signs";
        }
        if (checkpoint.id() != expectedId) {
            return "checkpoint " + expectedId + " to " + (checkpoint.id() - 1) + " missing";
        }
        if (!Arrays.equals(previousDigest, checkpoint.previousDigest())) {
            return "it does not follow the checkpoint before it";
        }
        return null;
    }

    /**
     * Trusts one stream head that a checkpoint signs, when the checkpoint was checked
     * elsewhere (an exported bundle holds one leaf and its Merkle path, not every leaf); it
     * counts as a checked checkpoint.
     */
    public void trustHead(long checkpointId, Leaf leaf) {
        checkpoints++;
        heads.computeIfAbsent(leaf.lsid(), lsid -> new ArrayList<>())
                .add(new CoveredHead(checkpointId, leaf));
    }

    /** Adds a finding made outside this class, such as a bundle's checkpoint failing. */
    public void report(Finding finding) {
        findings.add(finding);
    }

    /**
     * Checks one stream: its events in sequence order, and the links the store holds for it
     * by sequence number. Either may be empty.
     */
    public void checkStream(String lsid, List<StoredEvent> stream, Map<Long, byte[]> links) {
        streams++;
        events += stream.size();
        seen.add(lsid);
        Map<Long, byte[]> computed = new HashMap<>();
        Finding problem = walk(lsid, stream, links, computed);
        if (problem == null) {
            problem = againstCheckpoints(lsid, computed);
        }
        if (problem != null) {
            findings.add(problem);
        }
        heads.getOrDefault(lsid, List.of()).stream()
                .mapToLong(CoveredHead::checkpointId)
                .max()
                .ifPresent(id -> coveringCheckpoint.put(lsid, id));
        countUnsigned(lsid, stream);
    }

    /**
     * Events after the newest signed head of their stream: authentic only as far as the
     * database is (the checkpoint stream is left out: its events carry their signatures).
     */
    private void countUnsigned(String lsid, List<StoredEvent> stream) {
        if (stream.isEmpty() || lsid.equals(CHECKPOINT_STREAM)) {
            return;
        }
        long last = stream.get(stream.size() - 1).seq();
        long signedUpTo = heads.getOrDefault(lsid, List.of()).stream()
                .mapToLong(head -> head.leaf().seq())
                .max()
                .orElse(-1);
        if (last > signedUpTo) {
            unsignedEvents += last - signedUpTo;
            unsignedStreams++;
        }
    }

    private Finding walk(String lsid, List<StoredEvent> stream, Map<Long, byte[]> links,
            Map<Long, byte[]> computed) {
        byte[] previous = Canonical.GENESIS;
        long expected = 0;
        long previousPosition = Long.MIN_VALUE;
        for (StoredEvent event : stream) {
            if (event.globalIndex() <= previousPosition) {
                return new Finding(Finding.Kind.REORDERED, lsid, event.seq(), null, null,
                        "its position in the store (" + event.globalIndex() + ") is not after"
                                + " that of the event before it (" + previousPosition + ")");
            }
            previousPosition = event.globalIndex();
            if (event.seq() != expected) {
                return new Finding(Finding.Kind.DELETED, lsid, expected, links.get(expected),
                        null, "the store has no event " + expected + " but has event "
                                + event.seq());
            }
            byte[] found = Canonical.link(sha, previous, event);
            byte[] stored = links.get(event.seq());
            if (stored == null) {
                return new Finding(Finding.Kind.INSERTED, lsid, event.seq(), null, found,
                        "the chain never linked this event");
            }
            if (!Arrays.equals(found, stored)) {
                return mismatch(lsid, event, links, stored, found);
            }
            computed.put(event.seq(), found);
            previous = found;
            expected++;
        }
        long lastLinked = links.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
        if (lastLinked >= expected) {
            return new Finding(Finding.Kind.DELETED, lsid, expected, links.get(expected), null,
                    "the chain links events up to " + lastLinked + " but the store ends before "
                            + expected);
        }
        return null;
    }

    /** An event that does not give its link: moved from elsewhere in the stream, or changed. */
    private static Finding mismatch(String lsid, StoredEvent event, Map<Long, byte[]> links,
            byte[] stored, byte[] found) {
        for (Map.Entry<Long, byte[]> link : links.entrySet()) {
            long seq = link.getKey();
            byte[] before = seq == 0 ? Canonical.GENESIS : links.get(seq - 1);
            if (seq != event.seq() && before != null
                    && Arrays.equals(Canonical.link(before, event.withSeq(seq)), link.getValue())) {
                return new Finding(Finding.Kind.REORDERED, lsid, event.seq(), stored, found,
                        "the event stored here is the chain's event " + seq);
            }
        }
        return new Finding(Finding.Kind.CHANGED, lsid, event.seq(), stored, found,
                "the event's content does not give its link");
    }

    private Finding againstCheckpoints(String lsid, Map<Long, byte[]> computed) {
        for (CoveredHead head : heads.getOrDefault(lsid, List.of())) {
            byte[] found = computed.get(head.leaf().seq());
            if (found == null) {
                return new Finding(Finding.Kind.DELETED, lsid, head.leaf().seq(),
                        head.leaf().hash(), null, "checkpoint " + head.checkpointId()
                                + " covers this event, which is gone");
            }
            if (!Arrays.equals(found, head.leaf().hash())) {
                return new Finding(Finding.Kind.CHANGED, lsid, head.leaf().seq(),
                        head.leaf().hash(), found, "checkpoint " + head.checkpointId()
                                + " signed another head: the chain up to here was rewritten");
            }
        }
        return null;
    }

    /**
     * Ends the verification. With {@code everyStream}, the streams that checkpoints cover but
     * the store no longer holds at all are reported too; without it (one LSID was checked),
     * they are not looked for.
     */
    public Report finish(boolean everyStream) {
        return finish(lsid -> everyStream);
    }

    /** Ends a verification of one stream: if checkpoints cover it, it must be there. */
    public Report finishFor(String onlyLsid) {
        return finish(onlyLsid::equals);
    }

    private Report finish(Predicate<String> mustBeThere) {
        heads.forEach((lsid, covered) -> {
            if (mustBeThere.test(lsid) && !seen.contains(lsid)) {
                CoveredHead first = covered.get(0);
                findings.add(new Finding(Finding.Kind.DELETED, lsid, 0, first.leaf().hash(),
                        null, "checkpoint " + first.checkpointId()
                                + " covers this stream, which is gone"));
            }
        });
        return new Report(streams, events, checkpoints, List.copyOf(findings),
                Map.copyOf(coveringCheckpoint), unsignedEvents, unsignedStreams);
    }

    /**
     * What a verification found.
     *
     * @param coveringCheckpoint per stream, the newest valid checkpoint that covers it
     * @param unsignedEvents events after the newest signed head of their stream
     * @param unsignedStreams streams with such events
     */
    public record Report(long streams, long events, long checkpoints, List<Finding> findings,
            Map<String, Long> coveringCheckpoint, long unsignedEvents, long unsignedStreams) {

        public boolean verified() {
            return findings.isEmpty();
        }
    }
}
