package org.alliance.ledger.core.evm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A transaction's receipt as a block's receipt trie holds it, reduced to its status and its logs.
 *
 * @param success whether the transaction succeeded (status 1)
 * @param logs the logs, in order
 */
public record EvmReceipt(boolean success, List<Log> logs) {
    /** Copies the logs. */
    public EvmReceipt {
        logs = List.copyOf(logs);
    }

    /**
     * One log of a receipt.
     *
     * @param address the emitting contract
     * @param topics the topics, 32 bytes each
     * @param data the data
     */
    public record Log(byte[] address, List<byte[]> topics, byte[] data) {
        /** Copies the topics. */
        public Log {
            topics = List.copyOf(topics);
        }
    }

    /**
     * Decodes a receipt.
     *
     * @param raw the receipt: a typed one is its type byte then the RLP list, a legacy one the list alone
     * @return the receipt
     * @throws IllegalArgumentException if it is not a receipt
     */
    public static EvmReceipt decode(byte[] raw) {
        if (raw.length == 0) {
            throw new IllegalArgumentException("an empty receipt");
        }
        byte[] list = (raw[0] & 0xff) < 0x80 ? Arrays.copyOfRange(raw, 1, raw.length) : raw;
        List<Rlp.Item> fields = Rlp.decode(list).asList();
        if (fields.size() != 4) {
            throw new IllegalArgumentException("a receipt of " + fields.size() + " fields");
        }
        byte[] status = fields.get(0).asBytes();
        List<Log> logs = new ArrayList<>();
        for (Rlp.Item l : fields.get(3).asList()) {
            List<Rlp.Item> parts = l.asList();
            if (parts.size() != 3) {
                throw new IllegalArgumentException("a log of " + parts.size() + " fields");
            }
            logs.add(new Log(parts.get(0).asBytes(), parts.get(1).asList().stream().map(Rlp.Item::asBytes).toList(),
                    parts.get(2).asBytes()));
        }
        return new EvmReceipt(status.length == 1 && status[0] == 1, logs);
    }
}
