package org.alliance.ledger.core.evm;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The check of a Merkle-Patricia proof in a block's transaction or receipt trie, where entry
 * {@code i} is stored under the key {@code rlp(i)}. Nodes of fewer than 32 bytes are embedded in
 * their parent, larger ones referenced by their Keccak-256 hash, as the yellow paper's trie defines.
 */
public final class PatriciaProof {
    private PatriciaProof() {
    }

    /**
     * The key of entry {@code index} of a block's transaction or receipt trie: the RLP of the index.
     *
     * @param index the entry's index
     * @return the key
     */
    public static byte[] indexKey(long index) {
        return Rlp.encodeNumber(index);
    }

    /**
     * The value a proof shows under {@code rlp(index)} in the trie of {@code root}.
     *
     * @param root the trie's root hash
     * @param index the entry's index
     * @param proof the nodes, each found by its hash
     * @return the value
     * @throws IllegalArgumentException when the proof does not lead from the root to a value for that key
     */
    public static byte[] valueAt(byte[] root, long index, List<byte[]> proof) {
        Map<String, byte[]> byHash = new HashMap<>();
        for (byte[] n : proof) {
            byHash.put(HexFormat.of().formatHex(Keccak.hash(n)), n);
        }
        byte[] path = nibbles(indexKey(index));
        int pos = 0;
        Rlp.Item ref = new Rlp.Item(root.clone(), null, Rlp.encodeBytes(root));
        // Each step consumes at least one nibble, except the last: a longer walk is a malformed proof.
        for (int depth = 0; depth <= path.length + 1; depth++) {
            List<Rlp.Item> node = resolve(ref, byHash);
            if (node.size() == 17) {
                if (pos == path.length) {
                    byte[] value = node.get(16).asBytes();
                    if (value.length == 0) {
                        throw new IllegalArgumentException("the branch holds no value for the key");
                    }
                    return value;
                }
                ref = node.get(path[pos++]);
            } else if (node.size() == 2) {
                byte[] encoded = node.get(0).asBytes();
                boolean leaf = encoded.length > 0 && (encoded[0] & 0x20) != 0;
                byte[] part = hexPrefixDecode(encoded);
                if (path.length - pos < part.length
                        || !Arrays.equals(Arrays.copyOfRange(path, pos, pos + part.length), part)) {
                    throw new IllegalArgumentException("the key leaves the proof's path at nibble " + pos);
                }
                pos += part.length;
                if (leaf) {
                    if (pos != path.length) {
                        throw new IllegalArgumentException("the proof ends in a leaf of another key");
                    }
                    return node.get(1).asBytes();
                }
                ref = node.get(1);
            } else {
                throw new IllegalArgumentException("a trie node has " + node.size() + " items");
            }
        }
        throw new IllegalArgumentException("the proof is longer than its key");
    }

    private static List<Rlp.Item> resolve(Rlp.Item ref, Map<String, byte[]> byHash) {
        if (ref.isList()) {
            return ref.asList(); // a node under 32 bytes, embedded in its parent
        }
        byte[] hash = ref.asBytes();
        if (hash.length == 0) {
            throw new IllegalArgumentException("the trie has no entry under the key");
        }
        byte[] node = byHash.get(HexFormat.of().formatHex(hash));
        if (node == null) {
            throw new IllegalArgumentException("the proof lacks the node 0x" + HexFormat.of().formatHex(hash));
        }
        return Rlp.decode(node).asList();
    }

    /**
     * The nibbles of bytes, high nibble first.
     *
     * @param bytes the bytes
     * @return two nibbles per byte
     */
    public static byte[] nibbles(byte[] bytes) {
        byte[] out = new byte[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = (byte) ((bytes[i] >> 4) & 0xf);
            out[2 * i + 1] = (byte) (bytes[i] & 0xf);
        }
        return out;
    }

    /**
     * The nibble path of a hex-prefix encoded leaf or extension path.
     *
     * @param encoded the hex-prefix encoding
     * @return the path's nibbles
     * @throws IllegalArgumentException if it is empty
     */
    public static byte[] hexPrefixDecode(byte[] encoded) {
        if (encoded.length == 0) {
            throw new IllegalArgumentException("an empty hex-prefix path");
        }
        byte[] all = nibbles(encoded);
        boolean odd = (all[0] & 1) == 1;
        return Arrays.copyOfRange(all, odd ? 1 : 2, all.length);
    }
}
