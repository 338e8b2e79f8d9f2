package org.alliance.ledger.evm.proof;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.web3j.crypto.Hash;
import org.web3j.rlp.RlpDecoder;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;

/**
 * Ethereum's Merkle-Patricia trie, as far as a block's transaction and receipt tries need it:
 * built at once from all its entries (key {@code rlp(index)}), its root, the proof of one key, and
 * the check of such a proof. Nodes of fewer than 32 bytes are embedded in their parent, larger ones
 * referenced by their Keccak-256 hash, as the yellow paper's trie defines.
 */
public final class PatriciaTrie {
    private PatriciaTrie() {
    }

    /** The key of entry {@code index} of a block's transaction or receipt trie: the RLP of the index. */
    static byte[] indexKey(long index) {
        return RlpEncoder.encode(RlpString.create(index));
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
            keys[i] = nibbles(indexKey(i));
            entries.put(key(keys[i]), values.get(i));
        }
        List<byte[]> proof = new ArrayList<>();
        byte[] target = nibbles(indexKey(index));
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
            byHash.put(HexFormat.of().formatHex(Hash.sha3(n)), n);
        }
        byte[] path = nibbles(indexKey(index));
        int pos = 0;
        RlpType ref = RlpString.create(root);
        for (int depth = 0; depth <= path.length + 1; depth++) {
            List<RlpType> node = resolve(ref, byHash);
            if (node.size() == 17) {
                if (pos == path.length) {
                    return nonEmpty(((RlpString) node.get(16)).getBytes(), "the branch holds no value for the key");
                }
                ref = node.get(path[pos++]);
            } else if (node.size() == 2) {
                byte[] encoded = ((RlpString) node.get(0)).getBytes();
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
                    return ((RlpString) node.get(1)).getBytes();
                }
                ref = node.get(1);
            } else {
                throw new IllegalArgumentException("a trie node has " + node.size() + " items");
            }
        }
        throw new IllegalArgumentException("the proof is longer than its key");
    }

    private static byte[] nonEmpty(byte[] value, String message) {
        if (value.length == 0) {
            throw new IllegalArgumentException(message);
        }
        return value;
    }

    private static List<RlpType> resolve(RlpType ref, Map<String, byte[]> byHash) {
        if (ref instanceof RlpList inline) {
            return inline.getValues();
        }
        byte[] hash = ((RlpString) ref).getBytes();
        if (hash.length == 0) {
            throw new IllegalArgumentException("the trie has no entry under the key");
        }
        byte[] node = byHash.get(HexFormat.of().formatHex(hash));
        if (node == null) {
            throw new IllegalArgumentException("the proof lacks the node " + org.web3j.utils.Numeric.toHexString(hash));
        }
        return ((RlpList) RlpDecoder.decode(node).getValues().get(0)).getValues();
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

    static byte[] nibbles(byte[] bytes) {
        byte[] out = new byte[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = (byte) ((bytes[i] >> 4) & 0xf);
            out[2 * i + 1] = (byte) (bytes[i] & 0xf);
        }
        return out;
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

    static byte[] hexPrefixDecode(byte[] encoded) {
        if (encoded.length == 0) {
            throw new IllegalArgumentException("an empty hex-prefix path");
        }
        byte[] all = nibbles(encoded);
        boolean odd = (all[0] & 1) == 1;
        return Arrays.copyOfRange(all, odd ? 1 : 2, all.length);
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
