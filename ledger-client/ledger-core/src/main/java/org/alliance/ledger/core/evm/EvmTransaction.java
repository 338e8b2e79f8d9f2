package org.alliance.ledger.core.evm;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9IntegerConverter;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A signed Ethereum transaction as a block holds it (legacy, with or without EIP-155, or typed as
 * EIP-2718 defines), reduced to what an anchor's check needs: its recipient and its sender. The
 * sender is not written in a transaction; it is recovered from the secp256k1 signature over the
 * transaction's signing hash, as a node does.
 *
 * @param to the recipient's address, 0x-prefixed lower-case hex, or {@code null} for a contract creation
 * @param from the sender's address, 0x-prefixed lower-case hex
 */
public record EvmTransaction(String to, String from) {
    private static final X9ECParameters SECP256K1 = CustomNamedCurves.getByName("secp256k1");
    private static final BigInteger N = SECP256K1.getN();

    /**
     * Decodes a transaction and recovers its sender.
     *
     * @param raw the transaction's bytes as the block's transaction trie holds them
     * @return the transaction
     * @throws IllegalArgumentException if it is not a signed transaction of a known kind
     */
    public static EvmTransaction decode(byte[] raw) {
        if (raw.length == 0) {
            throw new IllegalArgumentException("an empty transaction");
        }
        int type = raw[0] & 0xff;
        if (type >= 0xc0) {
            return legacy(Rlp.decode(raw).asList());
        }
        if (type > 0x7f) {
            throw new IllegalArgumentException("transaction type 0x" + Integer.toHexString(type) + " is not known");
        }
        List<Rlp.Item> fields = Rlp.decode(Arrays.copyOfRange(raw, 1, raw.length)).asList();
        // The recipient's position: access-list transactions have one price, later types two fees.
        int toAt = switch (type) {
            case 1 -> 4;
            case 2, 3, 4 -> 5;
            default -> throw new IllegalArgumentException("transaction type " + type + " is not known");
        };
        if (fields.size() < toAt + 4) {
            throw new IllegalArgumentException("a type " + type + " transaction of " + fields.size() + " fields");
        }
        int n = fields.size();
        byte[] unsigned = Rlp.encodeList(fields.subList(0, n - 3).stream().map(Rlp.Item::encoded).toList());
        byte[] signing = new byte[unsigned.length + 1];
        signing[0] = (byte) type;
        System.arraycopy(unsigned, 0, signing, 1, unsigned.length);
        int recId = fields.get(n - 3).asNumber().intValueExact();
        return new EvmTransaction(address(fields.get(toAt)),
                sender(Keccak.hash(signing), recId, fields.get(n - 2).asNumber(), fields.get(n - 1).asNumber()));
    }

    private static EvmTransaction legacy(List<Rlp.Item> fields) {
        if (fields.size() != 9) {
            throw new IllegalArgumentException("a legacy transaction of " + fields.size() + " fields");
        }
        BigInteger v = fields.get(6).asNumber();
        List<byte[]> signed = new ArrayList<>(fields.subList(0, 6).stream().map(Rlp.Item::encoded).toList());
        int recId;
        if (v.intValue() == 27 || v.intValue() == 28) {
            recId = v.intValueExact() - 27;
        } else {
            // EIP-155: v = 35 + 2 * chainId + recovery id, and the chain id is signed with two empty fields.
            BigInteger chainId = v.subtract(BigInteger.valueOf(35)).shiftRight(1);
            recId = v.subtract(BigInteger.valueOf(35)).testBit(0) ? 1 : 0;
            signed.add(Rlp.encodeBytes(chainId.signum() == 0 ? new byte[0] : unsigned(chainId)));
            signed.add(Rlp.encodeBytes(new byte[0]));
            signed.add(Rlp.encodeBytes(new byte[0]));
        }
        return new EvmTransaction(address(fields.get(3)),
                sender(Keccak.hash(Rlp.encodeList(signed)), recId, fields.get(7).asNumber(), fields.get(8).asNumber()));
    }

    private static byte[] unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        return b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static String address(Rlp.Item item) {
        byte[] a = item.asBytes();
        if (a.length == 0) {
            return null;
        }
        if (a.length != 20) {
            throw new IllegalArgumentException("a recipient of " + a.length + " bytes");
        }
        return "0x" + HexFormat.of().formatHex(a);
    }

    /** The address whose key made signature (r, s) over the hash: SEC 1 public key recovery. */
    private static String sender(byte[] hash, int recId, BigInteger r, BigInteger s) {
        if (recId < 0 || recId > 1 || r.signum() <= 0 || r.compareTo(N) >= 0 || s.signum() <= 0 || s.compareTo(N) >= 0) {
            throw new IllegalArgumentException("the transaction's signature is out of range");
        }
        X9IntegerConverter x9 = new X9IntegerConverter();
        byte[] compressed = x9.integerToBytes(r, 1 + x9.getByteLength(SECP256K1.getCurve()));
        compressed[0] = (byte) (recId == 1 ? 0x03 : 0x02);
        ECPoint point = SECP256K1.getCurve().decodePoint(compressed);
        BigInteger rInv = r.modInverse(N);
        BigInteger e = new BigInteger(1, hash);
        ECPoint q = ECAlgorithms.sumOfTwoMultiplies(SECP256K1.getG(), e.negate().mod(N).multiply(rInv).mod(N),
                point, s.multiply(rInv).mod(N)).normalize();
        if (q.isInfinity()) {
            throw new IllegalArgumentException("the transaction's signature recovers no key");
        }
        byte[] key = q.getEncoded(false);
        byte[] h = Keccak.hash(Arrays.copyOfRange(key, 1, key.length));
        return "0x" + HexFormat.of().formatHex(Arrays.copyOfRange(h, 12, 32));
    }
}
