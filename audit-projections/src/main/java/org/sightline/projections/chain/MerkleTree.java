package org.sightline.projections.chain;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * A Merkle tree hash as RFC 6962 (section 2.1) defines it: leaves hashed with a 0x00
 * prefix, nodes with 0x01, a list of n > 1 leaves split at the largest power of two below n.
 */
public final class MerkleTree {

    private MerkleTree() {
    }

    /** The root over the leaves' bytes, in order; there must be at least one leaf. */
    public static byte[] root(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            throw new IllegalArgumentException("a checkpoint covers at least one stream");
        }
        return hash(leaves, 0, leaves.size());
    }

    /** The audit path of leaf {@code index}: the sibling hashes from the leaf up to the root. */
    public static List<byte[]> path(List<byte[]> leaves, int index) {
        List<byte[]> path = new ArrayList<>();
        collectPath(leaves, index, 0, leaves.size(), path);
        return path;
    }

    /** The root that a leaf and its audit path lead to, for a tree of {@code size} leaves. */
    public static byte[] rootFromPath(byte[] leaf, int index, int size, List<byte[]> path) {
        return fold(leafHash(leaf), index, size, path, path.size());
    }

    public static byte[] leafHash(byte[] leaf) {
        MessageDigest sha = Canonical.sha256();
        sha.update((byte) 0);
        sha.update(leaf);
        return sha.digest();
    }

    private static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha = Canonical.sha256();
        sha.update((byte) 1);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    private static byte[] hash(List<byte[]> leaves, int from, int to) {
        if (to - from == 1) {
            return leafHash(leaves.get(from));
        }
        int split = from + largestPowerOfTwoBelow(to - from);
        return nodeHash(hash(leaves, from, split), hash(leaves, split, to));
    }

    private static void collectPath(List<byte[]> leaves, int index, int from, int to,
            List<byte[]> path) {
        if (to - from == 1) {
            return;
        }
        int split = from + largestPowerOfTwoBelow(to - from);
        if (index < split) {
            collectPath(leaves, index, from, split, path);
            path.add(hash(leaves, split, to));
        } else {
            collectPath(leaves, index, split, to, path);
            path.add(hash(leaves, from, split));
        }
    }

    /** Rebuilds the root bottom-up: the path's last element is the top-most sibling. */
    private static byte[] fold(byte[] node, int index, int size, List<byte[]> path, int used) {
        if (size == 1) {
            if (used != 0) {
                throw new IllegalArgumentException("the audit path is longer than the tree");
            }
            return node;
        }
        if (used == 0) {
            throw new IllegalArgumentException("the audit path is shorter than the tree");
        }
        int split = largestPowerOfTwoBelow(size);
        byte[] sibling = path.get(used - 1);
        if (index < split) {
            return nodeHash(fold(node, index, split, path, used - 1), sibling);
        }
        return nodeHash(sibling, fold(node, index - split, size - split, path, used - 1));
    }

    private static int largestPowerOfTwoBelow(int n) {
        return Integer.highestOneBit(n - 1);
    }
}
