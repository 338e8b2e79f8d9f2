package org.alliance.ledger.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.junit.jupiter.api.Test;

/**
 * The Merkle code hashes SM3 with the project's own SM3; every leaf, node and root it makes must be
 * the one Bouncy Castle's SM3 gives, so that no stored root or proof changes.
 */
class Sm3MerkleHashesTest {

    private static byte[] bc(byte[]... parts) {
        SM3Digest d = new SM3Digest();
        for (byte[] part : parts) {
            d.update(part, 0, part.length);
        }
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    @Test
    void leafNodeAndRootHashesEqualBouncyCastle() {
        SplittableRandom random = new SplittableRandom(3);
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 77; i++) {
            byte[] leaf = new byte[i % 3 == 0 ? 32 : i];
            random.nextBytes(leaf);
            leaves.add(leaf);
        }
        MerkleTree tree = MerkleTree.of(HashAlgorithm.SM3, leaves);
        for (int i = 0; i < leaves.size(); i++) {
            assertThat(tree.leafHash(i)).isEqualTo(bc(new byte[] {0}, leaves.get(i)));
        }
        assertThat(tree.root()).isEqualTo(referenceRoot(leaves));
        for (int i = 0; i < leaves.size(); i++) {
            MerkleVerifier.verifyInclusion(HashAlgorithm.SM3, leaves.get(i), tree.inclusionProof(i), referenceRoot(leaves));
        }
        assertThat(MerkleTree.emptyRoot(HashAlgorithm.SM3)).isEqualTo(bc());
    }

    /** RFC 6962 MTH computed with Bouncy Castle's SM3 only. */
    private static byte[] referenceRoot(List<byte[]> leaves) {
        if (leaves.size() == 1) {
            return bc(new byte[] {0}, leaves.get(0));
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        return bc(new byte[] {1}, referenceRoot(leaves.subList(0, k)), referenceRoot(leaves.subList(k, leaves.size())));
    }
}
