package org.alliance.ledger.core.evm;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ethereum's Recursive Length Prefix encoding: decoding of whole items, strictly (a length must
 * fit its input, and nothing may follow the item), and the encoding of the few items a verifier
 * builds itself.
 */
public final class Rlp {
    /**
     * The deepest nesting decoded. A block's structures nest at most four lists deep (a receipt's
     * logs' topics); the limit keeps a forged input from exhausting the stack.
     */
    public static final int MAX_DEPTH = 16;

    private Rlp() {
    }

    /**
     * A decoded item: a byte string or a list, with the bytes it was decoded from, so that a part
     * can be re-encoded exactly as it came.
     *
     * @param bytes the string's bytes, or {@code null} for a list
     * @param items the list's items, or {@code null} for a string
     * @param encoded the item's own encoding
     */
    public record Item(byte[] bytes, List<Item> items, byte[] encoded) {
        /**
         * The string's bytes.
         *
         * @return the bytes
         * @throws IllegalArgumentException if the item is a list
         */
        public byte[] asBytes() {
            if (bytes == null) {
                throw new IllegalArgumentException("an RLP list where a string is expected");
            }
            return bytes.clone();
        }

        /**
         * The list's items.
         *
         * @return the items
         * @throws IllegalArgumentException if the item is a string
         */
        public List<Item> asList() {
            if (items == null) {
                throw new IllegalArgumentException("an RLP string where a list is expected");
            }
            return items;
        }

        /**
         * Whether the item is a list.
         *
         * @return true for a list
         */
        public boolean isList() {
            return items != null;
        }

        /**
         * The item at {@code i} of a list.
         *
         * @param i the index
         * @return the item
         * @throws IllegalArgumentException if this is not a list that long
         */
        public Item get(int i) {
            List<Item> l = asList();
            if (i >= l.size()) {
                throw new IllegalArgumentException("an RLP list of " + l.size() + " items has no item " + i);
            }
            return l.get(i);
        }

        /**
         * The string as an unsigned big-endian number.
         *
         * @return the number
         */
        public BigInteger asNumber() {
            return new BigInteger(1, asBytes());
        }
    }

    /**
     * Decodes one item that spans the whole input.
     *
     * @param data the encoding
     * @return the item
     * @throws IllegalArgumentException if the input is not exactly one RLP item, or nests deeper
     *     than {@link #MAX_DEPTH}
     */
    public static Item decode(byte[] data) {
        int[] end = new int[1];
        Item item = decode(data, 0, data.length, end, 0);
        if (end[0] != data.length) {
            throw new IllegalArgumentException("bytes follow the RLP item");
        }
        return item;
    }

    private static Item decode(byte[] d, int pos, int limit, int[] end, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("RLP nested deeper than " + MAX_DEPTH);
        }
        if (pos >= limit) {
            throw new IllegalArgumentException("the RLP input ends early");
        }
        int b = d[pos] & 0xff;
        int start;
        long length;
        boolean list = b >= 0xc0;
        if (b < 0x80) {
            end[0] = pos + 1;
            return new Item(new byte[] {d[pos]}, null, Arrays.copyOfRange(d, pos, pos + 1));
        } else if (b <= 0xb7 || (b >= 0xc0 && b <= 0xf7)) {
            start = pos + 1;
            length = b - (list ? 0xc0 : 0x80);
        } else {
            int lengthBytes = b - (list ? 0xf7 : 0xb7);
            if (pos + 1 + lengthBytes > limit) {
                throw new IllegalArgumentException("the RLP input ends early");
            }
            length = 0;
            for (int i = 0; i < lengthBytes; i++) {
                length = (length << 8) | (d[pos + 1 + i] & 0xff);
                if (length > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("an RLP length beyond the input");
                }
            }
            start = pos + 1 + lengthBytes;
        }
        if (start + length > limit) {
            throw new IllegalArgumentException("an RLP length beyond the input");
        }
        int stop = (int) (start + length);
        end[0] = stop;
        byte[] encoded = Arrays.copyOfRange(d, pos, stop);
        if (!list) {
            return new Item(Arrays.copyOfRange(d, start, stop), null, encoded);
        }
        List<Item> items = new ArrayList<>();
        int[] next = new int[1];
        for (int p = start; p < stop; p = next[0]) {
            items.add(decode(d, p, stop, next, depth + 1));
        }
        return new Item(null, List.copyOf(items), encoded);
    }

    /**
     * The encoding of a byte string.
     *
     * @param bytes the string
     * @return its RLP
     */
    public static byte[] encodeBytes(byte[] bytes) {
        if (bytes.length == 1 && (bytes[0] & 0xff) < 0x80) {
            return bytes.clone();
        }
        return withPrefix(0x80, bytes);
    }

    /**
     * The encoding of a non-negative number, big-endian without leading zeros.
     *
     * @param n the number
     * @return its RLP
     */
    public static byte[] encodeNumber(long n) {
        byte[] be = BigInteger.valueOf(n).toByteArray();
        int skip = 0;
        while (skip < be.length && be[skip] == 0) {
            skip++;
        }
        return encodeBytes(Arrays.copyOfRange(be, skip, be.length));
    }

    /**
     * The encoding of a list whose items are already encoded.
     *
     * @param encodedItems the items' encodings, in order
     * @return the list's RLP
     */
    public static byte[] encodeList(List<byte[]> encodedItems) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        encodedItems.forEach(payload::writeBytes);
        return withPrefix(0xc0, payload.toByteArray());
    }

    private static byte[] withPrefix(int offset, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (payload.length <= 55) {
            out.write(offset + payload.length);
        } else {
            byte[] len = BigInteger.valueOf(payload.length).toByteArray();
            int skip = len[0] == 0 ? 1 : 0;
            out.write(offset + 55 + len.length - skip);
            out.write(len, skip, len.length - skip);
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
