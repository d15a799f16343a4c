package org.sightline.projections.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sightline.projections.chain.ChainVerifier.SignedCheckpoint;
import org.sightline.projections.chain.Checkpointer.Checkpoint;
import org.sightline.projections.chain.Checkpointer.Leaf;

/** The verifier on streams built in memory, each tampered with one way. */
class ChainVerifierTest {

    private static final String LSID = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path keys;

    private SigningKey key;
    private List<StoredEvent> events;
    private Map<Long, byte[]> links;

    @BeforeEach
    void fiveLinkedEvents() {
        key = SigningKey.readOrCreate(keys.resolve("key.pem"), created -> { });
        events = new ArrayList<>();
        links = new HashMap<>();
        byte[] previous = Canonical.GENESIS;
        for (long seq = 0; seq < 5; seq++) {
            StoredEvent event = event(seq, "{\"text\":\"line " + seq + "\"}");
            previous = Canonical.link(previous, event);
            events.add(event);
            links.put(seq, previous);
        }
    }

    @Test
    void anUntouchedStreamVerifies() {
        ChainVerifier.Report report = verify(List.of(signed(1, Canonical.GENESIS)));

        assertThat(report.verified()).isTrue();
        assertThat(report.events()).isEqualTo(5);
        assertThat(report.coveringCheckpoint()).containsEntry(LSID, 1L);
    }

    @Test
    void aChangedPayloadByteIsFoundAtItsEvent() {
        events.set(2, event(2, "{\"text\":\"line X\"}"));

        Finding finding = onlyFinding(verify(List.of()));

        assertThat(finding.kind()).isEqualTo(Finding.Kind.CHANGED);
        assertThat(finding.seq()).isEqualTo(2);
        assertThat(finding.expected()).isEqualTo(links.get(2L));
    }

    @Test
    void aDeletedEventIsFoundWhereItWas() {
        events.remove(3);

        Finding finding = onlyFinding(verify(List.of()));

        assertThat(finding.kind()).isEqualTo(Finding.Kind.DELETED);
        assertThat(finding.seq()).isEqualTo(3);
    }

    @Test
    void aDeletedLastEventIsFoundThroughItsLink() {
        events.remove(4);

        assertThat(onlyFinding(verify(List.of())).kind()).isEqualTo(Finding.Kind.DELETED);
    }

    @Test
    void anEventWithoutALinkIsInserted() {
        events.add(event(5, "{\"text\":\"forged\"}"));

        Finding finding = onlyFinding(verify(List.of()));

        assertThat(finding.kind()).isEqualTo(Finding.Kind.INSERTED);
        assertThat(finding.seq()).isEqualTo(5);
    }

    @Test
    void swappedSequenceNumbersAreReordered() {
        StoredEvent one = events.get(1);
        StoredEvent three = events.get(3);
        events.set(1, three.withSeq(1));
        events.set(3, one.withSeq(3));

        Finding finding = onlyFinding(verify(List.of()));

        assertThat(finding.kind()).isEqualTo(Finding.Kind.REORDERED);
        assertThat(finding.seq()).isEqualTo(1);
        assertThat(finding.detail()).contains("chain's event 3");
    }

    @Test
    void swappedStorePositionsAreReordered() {
        StoredEvent two = events.get(2);
        StoredEvent three = events.get(3);
        events.set(2, new StoredEvent(LSID, 2, three.globalIndex(), two.eventIdentifier(),
                two.aggregateType(), two.payloadType(), null, two.timestamp(), two.payload(),
                two.metadata()));
        events.set(3, new StoredEvent(LSID, 3, two.globalIndex(), three.eventIdentifier(),
                three.aggregateType(), three.payloadType(), null, three.timestamp(),
                three.payload(), three.metadata()));

        Finding finding = onlyFinding(verify(List.of()));

        assertThat(finding.kind()).isEqualTo(Finding.Kind.REORDERED);
        assertThat(finding.seq()).isEqualTo(3);
        assertThat(finding.detail()).contains("position in the store");
    }

    @Test
    void aRewrittenChainIsCaughtByTheCheckpoint() {
        List<SignedCheckpoint> checkpoints = List.of(signed(1, Canonical.GENESIS));
        events.set(2, event(2, "{\"text\":\"rewritten\"}"));
        byte[] previous = links.get(1L);
        for (long seq = 2; seq < 5; seq++) {
            previous = Canonical.link(previous, events.get((int) seq));
            links.put(seq, previous);
        }

        Finding finding = onlyFinding(verify(checkpoints));

        assertThat(finding.kind()).isEqualTo(Finding.Kind.CHANGED);
        assertThat(finding.detail()).contains("checkpoint 1 signed another head");
    }

    @Test
    void aReplacedSignatureIsAForgedCheckpoint() {
        SignedCheckpoint genuine = signed(1, Canonical.GENESIS);
        Checkpoint c = genuine.checkpoint();
        byte[] signature = c.signature().clone();
        signature[10] ^= 1;
        var forged = new SignedCheckpoint(new Checkpoint(c.id(), c.createdAt(), c.leafCount(),
                c.merkleRoot(), c.previousDigest(), c.keyId(), signature), genuine.leaves());

        Finding finding = onlyFinding(verify(List.of(forged)));

        assertThat(finding.kind()).isEqualTo(Finding.Kind.CHECKPOINT_FORGED);
        assertThat(finding.detail()).contains("signature does not verify");
    }

    @Test
    void aMissingCheckpointBreaksTheCheckpointChain() {
        SignedCheckpoint first = signed(1, Canonical.GENESIS);
        SignedCheckpoint second = signed(2, first.checkpoint().digest());
        SignedCheckpoint third = signed(3, second.checkpoint().digest());

        Finding finding = onlyFinding(verify(List.of(first, third)));

        assertThat(finding.kind()).isEqualTo(Finding.Kind.CHECKPOINT_FORGED);
        assertThat(finding.seq()).isEqualTo(3);
    }

    @Test
    void aCheckpointByAnotherKeyIsNotTrusted(@TempDir Path other) {
        SigningKey stranger = SigningKey.readOrCreate(other.resolve("k.pem"), created -> { });
        ChainVerifier verifier = new ChainVerifier(List.of(stranger.publicKey()));

        verifier.checkCheckpoints(List.of(signed(1, Canonical.GENESIS)));
        verifier.checkStream(LSID, events, links);

        assertThat(onlyFinding(verifier.finish(true)).detail()).contains("not trusted");
    }

    private ChainVerifier.Report verify(List<SignedCheckpoint> checkpoints) {
        ChainVerifier verifier = new ChainVerifier(List.of(key.publicKey()));
        verifier.checkCheckpoints(checkpoints);
        verifier.checkStream(LSID, events, links);
        return verifier.finish(true);
    }

    private SignedCheckpoint signed(long id, byte[] previousDigest) {
        List<Leaf> leaves = List.of(new Leaf(LSID, 4, links.get(4L)));
        byte[] root = MerkleTree.root(leaves.stream().map(Leaf::bytes).toList());
        String createdAt = "2026-12-04T10:00:00Z";
        byte[] signature = key.sign(Canonical.checkpoint(id, createdAt, 1, root, previousDigest,
                key.publicKey().id()));
        return new SignedCheckpoint(new Checkpoint(id, createdAt, 1, root, previousDigest,
                key.publicKey().id(), signature), leaves);
    }

    private static Finding onlyFinding(ChainVerifier.Report report) {
        assertThat(report.findings()).hasSize(1);
        return report.findings().get(0);
    }

    private static StoredEvent event(long seq, String payload) {
        return new StoredEvent(LSID, seq, 100 + seq, "event-" + seq, "SupportSession",
                "org.sightline.contracts.session.ChatMessagePosted", null,
                "2026-12-04T10:00:0" + seq + "Z", payload.getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8));
    }
}
