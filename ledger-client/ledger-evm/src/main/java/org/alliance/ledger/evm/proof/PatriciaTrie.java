package org.alliance.ledger.evm.proof;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.alliance.ledger.core.evm.PatriciaProof;
import org.web3j.crypto.Hash;
import org.web3j.rlp.RlpDecoder;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;

/**
 * Ethereum's Merkle-Patricia trie, as far as a block's transaction and receipt tries need it:
 * built at once from all its entries (key {@code rlp(index)}), its root and the proof of one key.
 * Such a proof is checked by {@link PatriciaProof}, in ledger-core, so that an offline verifier
 * needs nothing of this module. Nodes of fewer than 32 bytes are embedded in their parent, larger ones
 * referenced by their Keccak-256 hash, as the yellow paper's trie defines.
 */
public final class PatriciaTrie {
    private PatriciaTrie() {
    }

    /**
     * The trie of a block's list (transactions or receipts): entry {@code i} under {@code rlp(i)}.
     *
     * @param values the encoded entries, in block order
     * @param index the entry whose proof to collect
     * @return the root and the proof of entry {@code index}
     */
    public static Built ofList(List<byte[]> values, long index) {
        SortedMap<String, byte[]> entries = new TreeMap<>();
        byte[][] keys = new byte[values.size()][];
        for (int i = 0; i < values.size(); i++) {
            keys[i] = PatriciaProof.nibbles(PatriciaProof.indexKey(i));
            entries.put(key(keys[i]), values.get(i));
        }
        List<byte[]> proof = new ArrayList<>();
        byte[] target = PatriciaProof.nibbles(PatriciaProof.indexKey(index));
        byte[] rootNode = node(new ArrayList<>(entries.entrySet()), 0, target, proof);
        if (rootNode.length < 32) {
            proof.add(0, rootNode); // the root is hashed even when it is small
        }
        return new Built(Hash.sha3(rootNode), proof);
    }

    /**
     * A trie's root and the nodes on one key's path.
     *
     * @param root the Keccak-256 of the root node
     * @param proof the hashed nodes from the root to the entry, in that order
     */
    public record Built(byte[] root, List<byte[]> proof) {
    }

    // ---- building ------------------------------------------------------------------------------

    /** The RLP of the node over these entries (their keys share nibbles up to {@code depth}). */
    private static byte[] node(List<Map.Entry<String, byte[]>> entries, int depth, byte[] target, List<byte[]> proof) {
        boolean onPath = entries.stream().anyMatch(e -> e.getKey().equals(key(target)));
        byte[] encoded;
        if (entries.size() == 1) {
            byte[] k = unkey(entries.get(0).getKey());
            encoded = RlpEncoder.encode(new RlpList(RlpString.create(hexPrefix(Arrays.copyOfRange(k, depth, k.length), true)),
                    RlpString.create(entries.get(0).getValue())));
        } else {
            int common = commonPrefix(entries, depth);
            if (common > 0) {
                byte[] k = unkey(entries.get(0).getKey());
                byte[] child = node(entries, depth + common, target, proof);
                encoded = RlpEncoder.encode(new RlpList(RlpString.create(hexPrefix(Arrays.copyOfRange(k, depth, depth + common), false)),
                        reference(child)));
            } else {
                List<RlpType> items = new ArrayList<>();
                byte[] value = new byte[0];
                for (int nibble = 0; nibble < 16; nibble++) {
                    List<Map.Entry<String, byte[]>> sub = new ArrayList<>();
                    for (Map.Entry<String, byte[]> e : entries) {
                        byte[] k = unkey(e.getKey());
                        if (k.length > depth && k[depth] == nibble) {
                            sub.add(e);
                        }
                    }
                    items.add(sub.isEmpty() ? RlpString.create(new byte[0]) : reference(node(sub, depth + 1, target, proof)));
                }
                for (Map.Entry<String, byte[]> e : entries) {
                    if (unkey(e.getKey()).length == depth) {
                        value = e.getValue();
                    }
                }
                items.add(RlpString.create(value));
                encoded = RlpEncoder.encode(new RlpList(items));
            }
        }
        if (onPath && encoded.length >= 32) {
            proof.add(0, encoded); // children are built first: prepending keeps root-to-leaf order
        }
        return encoded;
    }

    private static RlpType reference(byte[] child) {
        return child.length < 32 ? RlpDecoder.decode(child).getValues().get(0) : RlpString.create(Hash.sha3(child));
    }

    private static int commonPrefix(List<Map.Entry<String, byte[]>> entries, int depth) {
        byte[] first = unkey(entries.get(0).getKey());
        int n = first.length - depth;
        for (Map.Entry<String, byte[]> e : entries) {
            byte[] k = unkey(e.getKey());
            int i = 0;
            while (i < n && depth + i < k.length && k[depth + i] == first[depth + i]) {
                i++;
            }
            n = i;
        }
        return n;
    }

    /** Hex-prefix encoding of a nibble path, flagged as a leaf's or an extension's. */
    static byte[] hexPrefix(byte[] path, boolean leaf) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int flag = leaf ? 2 : 0;
        int i = 0;
        if (path.length % 2 == 1) {
            out.write(((flag + 1) << 4) | path[0]);
            i = 1;
        } else {
            out.write(flag << 4);
        }
        for (; i < path.length; i += 2) {
            out.write((path[i] << 4) | path[i + 1]);
        }
        return out.toByteArray();
    }

    /** A nibble path as a map key that sorts as the path does. */
    private static String key(byte[] nibbles) {
        StringBuilder s = new StringBuilder();
        for (byte b : nibbles) {
            s.append(Character.forDigit(b & 0xff, 36));
        }
        return s.toString();
    }

    private static byte[] unkey(String key) {
        byte[] out = new byte[key.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Character.digit(key.charAt(i), 36);
        }
        return out;
    }
}
