package org.alliance.ledger.core.merkle;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.alliance.ledger.core.crypto.HashAlgorithm;

/** Verifiers never crash on arbitrary proofs, and any single-bit change of a real proof fails. */
class MerklePropertiesTest {
    private static final HashAlgorithm SHA = HashAlgorithm.SHA256;

    private static void onlyProofException(Runnable verification) {
        try {
            verification.run();
        } catch (ProofException e) {
            // The only acceptable way to refuse.
        }
    }

    @Property
    void arbitraryInclusionProofsNeverCrash(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long index,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long size, @ForAll("hashLists") List<byte[]> hashes,
            @ForAll byte[] leaf, @ForAll("maybeHash") byte[] root) {
        InclusionProof proof = new InclusionProof(index, size, hashes);
        onlyProofException(() -> MerkleVerifier.verifyInclusion(SHA, leaf, proof, root));
        onlyProofException(() -> MerkleVerifier.verifyInclusionOfHash(SHA, leaf, proof, root));
    }

    @Property
    void arbitraryConsistencyProofsNeverCrash(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long from,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long to, @ForAll("hashLists") List<byte[]> hashes,
            @ForAll("maybeHash") byte[] oldRoot, @ForAll("maybeHash") byte[] newRoot) {
        ConsistencyProof proof = new ConsistencyProof(from, to, hashes);
        onlyProofException(() -> MerkleVerifier.verifyConsistency(SHA, proof, oldRoot, newRoot));
    }

    @Property(tries = 300)
    void anySingleBitChangeOfAnInclusionProofFails(@ForAll @IntRange(min = 1, max = 300) int size,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int indexSeed,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int target, @ForAll @IntRange(min = 0, max = 255) int bit) {
        List<byte[]> leaves = leaves(size);
        MerkleTree tree = MerkleTree.of(SHA, leaves);
        int index = indexSeed % size;
        InclusionProof proof = tree.inclusionProof(index);
        MerkleVerifier.verifyInclusion(SHA, leaves.get(index), proof, tree.root());
        List<byte[]> hashes = new ArrayList<>(proof.hashes());
        int choice = target % (hashes.size() + 2);
        if (choice < hashes.size()) {
            hashes.set(choice, flip(hashes.get(choice), bit));
            InclusionProof tampered = new InclusionProof(index, size, hashes);
            assertThatThrownBy(() -> MerkleVerifier.verifyInclusion(SHA, leaves.get(index), tampered, tree.root()))
                    .isInstanceOf(ProofException.class);
        } else if (choice == hashes.size()) {
            assertThatThrownBy(() -> MerkleVerifier.verifyInclusion(SHA, leaves.get(index), proof, flip(tree.root(), bit)))
                    .isInstanceOf(ProofException.class);
        } else {
            byte[] leaf = flip(leaves.get(index), bit % 32);
            assertThatThrownBy(() -> MerkleVerifier.verifyInclusion(SHA, leaf, proof, tree.root()))
                    .isInstanceOf(ProofException.class);
        }
    }

    @Property(tries = 300)
    void anySingleBitChangeOfAConsistencyProofFails(@ForAll @IntRange(min = 1, max = 300) int size,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int fromSeed,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int target, @ForAll @IntRange(min = 0, max = 255) int bit) {
        MerkleTree tree = MerkleTree.of(SHA, leaves(size));
        int from = 1 + fromSeed % size;
        ConsistencyProof proof = tree.consistencyProof(from, size);
        byte[] oldRoot = tree.rootAt(from);
        MerkleVerifier.verifyConsistency(SHA, proof, oldRoot, tree.root());
        List<byte[]> hashes = new ArrayList<>(proof.hashes());
        int choice = target % (hashes.size() + 2);
        if (choice < hashes.size()) {
            hashes.set(choice, flip(hashes.get(choice), bit));
            ConsistencyProof tampered = new ConsistencyProof(from, size, hashes);
            assertThatThrownBy(() -> MerkleVerifier.verifyConsistency(SHA, tampered, oldRoot, tree.root()))
                    .isInstanceOf(ProofException.class);
        } else if (choice == hashes.size()) {
            assertThatThrownBy(() -> MerkleVerifier.verifyConsistency(SHA, proof, flip(oldRoot, bit), tree.root()))
                    .isInstanceOf(ProofException.class);
        } else {
            assertThatThrownBy(() -> MerkleVerifier.verifyConsistency(SHA, proof, oldRoot, flip(tree.root(), bit)))
                    .isInstanceOf(ProofException.class);
        }
    }

    @Provide
    Arbitrary<List<byte[]>> hashLists() {
        return maybeHash().list().ofMaxSize(70);
    }

    @Provide
    Arbitrary<byte[]> maybeHash() {
        Arbitrary<byte[]> exact = Arbitraries.bytes().array(byte[].class).ofSize(32);
        Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, exact), net.jqwik.api.Tuple.of(1, any));
    }

    private static List<byte[]> leaves(int size) {
        List<byte[]> leaves = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            leaves.add(ByteBuffer.allocate(4).putInt(i * 31 + 7).array());
        }
        return leaves;
    }

    private static byte[] flip(byte[] bytes, int bit) {
        byte[] copy = bytes.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }
}
