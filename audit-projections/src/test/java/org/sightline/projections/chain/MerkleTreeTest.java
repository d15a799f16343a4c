package org.sightline.projections.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

    @Test
    void everyLeafsAuditPathLeadsToTheRootForEverySize() {
        for (int size = 1; size <= 33; size++) {
            List<byte[]> leaves = leaves(size);
            byte[] root = MerkleTree.root(leaves);
            for (int index = 0; index < size; index++) {
                List<byte[]> path = MerkleTree.path(leaves, index);
                assertThat(MerkleTree.rootFromPath(leaves.get(index), index, size, path))
                        .as("leaf %d of %d", index, size)
                        .isEqualTo(root);
            }
        }
    }

    @Test
    void aChangedLeafLeadsToAnotherRoot() {
        List<byte[]> leaves = leaves(7);
        byte[] root = MerkleTree.root(leaves);
        List<byte[]> path = MerkleTree.path(leaves, 3);

        byte[] forged = "forged".getBytes(StandardCharsets.UTF_8);

        assertThat(MerkleTree.rootFromPath(forged, 3, 7, path)).isNotEqualTo(root);
    }

    @Test
    void aSingleLeafIsItsOwnTreeWithAPrefix() {
        byte[] leaf = "only".getBytes(StandardCharsets.UTF_8);

        assertThat(MerkleTree.root(List.of(leaf))).isEqualTo(MerkleTree.leafHash(leaf));
    }

    @Test
    void twoLeavesFollowRfc6962() {
        List<byte[]> leaves = leaves(2);
        var sha = Canonical.sha256();
        sha.update((byte) 1);
        sha.update(MerkleTree.leafHash(leaves.get(0)));
        sha.update(MerkleTree.leafHash(leaves.get(1)));

        assertThat(MerkleTree.root(leaves)).isEqualTo(sha.digest());
    }

    private static List<byte[]> leaves(int size) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            leaves.add(("leaf " + i).getBytes(StandardCharsets.UTF_8));
        }
        return leaves;
    }
}
