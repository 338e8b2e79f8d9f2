package org.alliance.ledger.evm.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.alliance.ledger.core.evm.PatriciaProof;
import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

/** The trie's proofs, built with web3j's RLP here and checked by ledger-core's PatriciaProof, for lists whose keys take one, two and three bytes (indexes 0, 1..127, 128..255, 256..). */
class PatriciaTrieTest {
    private static List<byte[]> values(int n) {
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Some values short enough for their leaf to be embedded in its parent, some not.
            values.add(("value " + i + (i % 3 == 0 ? " padded past thirty-two bytes of node" : "")).getBytes(StandardCharsets.UTF_8));
        }
        return values;
    }

    @Test
    void everyEntryIsProvenAgainstTheSameRoot() {
        for (int n : new int[] {1, 2, 17, 130, 300}) {
            List<byte[]> values = values(n);
            byte[] root = PatriciaTrie.ofList(values, 0).root();
            for (int i = 0; i < n; i++) {
                PatriciaTrie.Built built = PatriciaTrie.ofList(values, i);
                assertThat(built.root()).isEqualTo(root);
                assertThat(PatriciaProof.valueAt(root, i, built.proof())).as("entry %d of %d", i, n).isEqualTo(values.get(i));
            }
        }
    }

    @Test
    void aSingleEntryTrieHasTheKnownRoot() {
        // Ethereum's trie of one entry: key rlp(0) = 0x80, value 0x01 (a leaf embedded in nothing, hashed as the root).
        byte[] root = PatriciaTrie.ofList(List.of(new byte[] {1}), 0).root();
        assertThat(Numeric.toHexString(root)).isEqualTo(Numeric.toHexString(org.web3j.crypto.Hash.sha3(
                org.web3j.rlp.RlpEncoder.encode(new org.web3j.rlp.RlpList(org.web3j.rlp.RlpString.create(new byte[] {0x20, (byte) 0x80}),
                        org.web3j.rlp.RlpString.create(new byte[] {1}))))));
    }

    @Test
    void aProofForAnotherKeyOrWithAMissingNodeFails() {
        List<byte[]> values = values(300);
        PatriciaTrie.Built built = PatriciaTrie.ofList(values, 200);
        assertThatThrownBy(() -> PatriciaProof.valueAt(built.root(), 201, built.proof()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lacks the node");
        List<byte[]> shortened = built.proof().subList(0, built.proof().size() - 1);
        assertThatThrownBy(() -> PatriciaProof.valueAt(built.root(), 200, shortened)).isInstanceOf(IllegalArgumentException.class);
        byte[] otherRoot = PatriciaTrie.ofList(values(299), 0).root();
        assertThatThrownBy(() -> PatriciaProof.valueAt(otherRoot, 200, built.proof()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lacks the node");
    }
}
