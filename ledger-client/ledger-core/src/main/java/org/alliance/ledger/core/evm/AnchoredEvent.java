package org.alliance.ledger.core.evm;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The anchor contract's event {@code Anchored(bytes32 indexed allianceKey, uint64 indexed index,
 * string allianceId, uint64 treeSize, bytes32 root, uint8 alg, address submitter)}, decoded from a
 * log by the Solidity ABI's rules: the indexed members are topics, the others the data's words,
 * the string by its offset.
 *
 * @param allianceId the alliance
 * @param index the checkpoint's position in the alliance's registry
 * @param treeSize the checkpoint's tree size
 * @param root the checkpoint's root, 0x-prefixed hex
 * @param alg the hash algorithm id ({@code sha256}, {@code sm3}), or {@code unknown N}
 * @param submitter the submitter's address, 0x-prefixed lower-case hex
 */
public record AnchoredEvent(String allianceId, BigInteger index, BigInteger treeSize, String root, String alg,
        String submitter) {
    /** The event's topic: the Keccak-256 of its signature. */
    public static final byte[] TOPIC = Keccak.hash(
            "Anchored(bytes32,uint64,string,uint64,bytes32,uint8,address)".getBytes(StandardCharsets.US_ASCII));
    private static final int WORD = 32;
    /** The largest alliance id read, far beyond any real one, so a forged length cannot exhaust memory. */
    private static final int MAX_ALLIANCE_ID = 4096;

    /**
     * The event in a log, if the log is this event of that contract.
     *
     * @param log the log
     * @param contract the contract's 20-byte address
     * @return the event, or empty if the log is another contract's or another event
     * @throws IllegalArgumentException if the log claims to be the event but does not decode as one
     */
    public static Optional<AnchoredEvent> from(EvmReceipt.Log log, byte[] contract) {
        if (!Arrays.equals(log.address(), contract) || log.topics().isEmpty() || !Arrays.equals(log.topics().get(0), TOPIC)) {
            return Optional.empty();
        }
        if (log.topics().size() != 3) {
            throw new IllegalArgumentException("the anchor event has " + log.topics().size() + " topics, not 3");
        }
        byte[] d = log.data();
        BigInteger offset = word(d, 0);
        BigInteger treeSize = word(d, 1);
        byte[] root = Arrays.copyOfRange(d, 2 * WORD, 3 * WORD);
        int alg = word(d, 3).intValueExact();
        word(d, 4); // the submitter's word must be there before its last 20 bytes are taken as the address
        byte[] submitter = Arrays.copyOfRange(d, 4 * WORD + 12, 5 * WORD);
        if (offset.compareTo(BigInteger.valueOf(d.length - WORD)) > 0) {
            throw new IllegalArgumentException("the anchor event's string lies beyond its data");
        }
        int at = offset.intValueExact();
        BigInteger length = new BigInteger(1, Arrays.copyOfRange(d, at, at + WORD));
        if (length.compareTo(BigInteger.valueOf(Math.min(MAX_ALLIANCE_ID, d.length - at - WORD))) > 0) {
            throw new IllegalArgumentException("the anchor event's string is longer than its data");
        }
        String allianceId = new String(d, at + WORD, length.intValueExact(), StandardCharsets.UTF_8);
        String algId = switch (alg) {
            case 1 -> "sha256";
            case 2 -> "sm3";
            default -> "unknown " + alg;
        };
        return Optional.of(new AnchoredEvent(allianceId, new BigInteger(1, log.topics().get(2)), treeSize,
                "0x" + HexFormat.of().formatHex(root), algId, "0x" + HexFormat.of().formatHex(submitter)));
    }

    private static BigInteger word(byte[] d, int i) {
        if (d.length < (i + 1) * WORD) {
            throw new IllegalArgumentException("the anchor event's data is " + d.length + " bytes, too short");
        }
        return new BigInteger(1, Arrays.copyOfRange(d, i * WORD, (i + 1) * WORD));
    }
}
