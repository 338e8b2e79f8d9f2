package org.alliance.ledger.core.bundle;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.alliance.ledger.core.bundle.Verdict.Check;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.evm.AnchoredEvent;
import org.alliance.ledger.core.evm.EvmReceipt;
import org.alliance.ledger.core.evm.EvmTransaction;
import org.alliance.ledger.core.evm.Keccak;
import org.alliance.ledger.core.evm.PatriciaProof;
import org.alliance.ledger.core.evm.Rlp;

/**
 * Checks an {@link EvmAnchorProof} with nothing but the proof, each step a named check. It never
 * throws for bad content: every defect is a failed check, and the checks that depend on it are not
 * made. Whether the block is on the chain is a question for a node, outside this offline check.
 */
public final class EvmAnchorVerifier {
    /** Check: the header is RLP whose Keccak-256 is the block hash, at the block number given. */
    public static final String EVM_HEADER = "EVM_HEADER";
    /** Check: the transaction is in the header's transaction trie at its index, and has the hash given. */
    public static final String EVM_TRANSACTION = "EVM_TRANSACTION";
    /** Check: the receipt is in the header's receipt trie at the transaction's index, with status success. */
    public static final String EVM_RECEIPT = "EVM_RECEIPT";
    /** Check: the receipt holds the contract's anchor event for the checkpoint, sent by the transaction's signer to the contract. */
    public static final String EVM_ANCHOR_EVENT = "EVM_ANCHOR_EVENT";
    /** The offline checks, in the order they are made. */
    public static final List<String> CHECKS = List.of(EVM_HEADER, EVM_TRANSACTION, EVM_RECEIPT, EVM_ANCHOR_EVENT);

    /** Header fields by position (the yellow paper's order). */
    private static final int TRANSACTIONS_ROOT = 4;
    private static final int RECEIPTS_ROOT = 5;
    private static final int NUMBER = 8;

    private EvmAnchorVerifier() {
    }

    /**
     * The offline checks.
     *
     * @param proof the proof
     * @return the checks named in {@link #CHECKS}, in order
     */
    public static List<Check> verify(EvmAnchorProof proof) {
        List<Check> checks = new ArrayList<>();
        List<Rlp.Item> header = null;
        try {
            byte[] raw = hex(proof.header());
            header = Rlp.decode(raw).asList();
            String hash = "0x" + Hex.encode(Keccak.hash(raw));
            long number = header.get(NUMBER).asNumber().longValueExact();
            if (!hash.equalsIgnoreCase(proof.blockHash())) {
                checks.add(Check.fail(EVM_HEADER, "the header hashes to " + hash + ", not the block hash " + proof.blockHash()));
            } else if (number != proof.blockNumber()) {
                checks.add(Check.fail(EVM_HEADER, "the header is of block " + number + ", not " + proof.blockNumber()));
            } else {
                checks.add(Check.pass(EVM_HEADER, "block " + number + " header hashes to " + hash));
            }
        } catch (RuntimeException e) {
            checks.add(Check.fail(EVM_HEADER, "the header is not a block header's RLP: " + e.getMessage()));
        }
        if (checks.get(0).outcome() != Verdict.Outcome.PASS) {
            return notChecked(checks, "the header is not proven", EVM_TRANSACTION, EVM_RECEIPT, EVM_ANCHOR_EVENT);
        }
        EvmTransaction tx = null;
        try {
            byte[] raw = PatriciaProof.valueAt(header.get(TRANSACTIONS_ROOT).asBytes(), proof.txIndex(),
                    hexes(proof.transactionProof()));
            String hash = "0x" + Hex.encode(Keccak.hash(raw));
            if (!Arrays.equals(raw, hex(proof.transaction()))) {
                checks.add(Check.fail(EVM_TRANSACTION, "the transaction trie holds other bytes at index " + proof.txIndex()));
            } else if (!hash.equalsIgnoreCase(proof.transactionHash())) {
                checks.add(Check.fail(EVM_TRANSACTION, "the transaction hashes to " + hash + ", not " + proof.transactionHash()));
            } else {
                tx = EvmTransaction.decode(raw);
                checks.add(Check.pass(EVM_TRANSACTION,
                        "transaction " + hash + " is at index " + proof.txIndex() + " of the block's transaction trie"));
            }
        } catch (RuntimeException e) {
            checks.add(Check.fail(EVM_TRANSACTION, "the transaction proof does not hold: " + e.getMessage()));
        }
        EvmReceipt receipt = null;
        try {
            byte[] raw = PatriciaProof.valueAt(header.get(RECEIPTS_ROOT).asBytes(), proof.txIndex(), hexes(proof.receiptProof()));
            if (!Arrays.equals(raw, hex(proof.receipt()))) {
                checks.add(Check.fail(EVM_RECEIPT, "the receipt trie holds other bytes at index " + proof.txIndex()));
            } else {
                receipt = EvmReceipt.decode(raw);
                checks.add(Check.of(EVM_RECEIPT, receipt.success(),
                        "the receipt at index " + proof.txIndex() + " is in the block's receipt trie, status success",
                        "the receipt's status is not success: the transaction reverted"));
            }
        } catch (RuntimeException e) {
            checks.add(Check.fail(EVM_RECEIPT, "the receipt proof does not hold: " + e.getMessage()));
        }
        if (tx == null || receipt == null || checks.stream().anyMatch(c -> c.outcome() != Verdict.Outcome.PASS)) {
            return notChecked(checks, "the transaction or receipt is not proven", EVM_ANCHOR_EVENT);
        }
        checks.add(anchorEvent(proof, tx, receipt));
        return checks;
    }

    private static Check anchorEvent(EvmAnchorProof proof, EvmTransaction tx, EvmReceipt receipt) {
        try {
            if (tx.to() == null || !tx.to().equalsIgnoreCase(proof.contract())) {
                return Check.fail(EVM_ANCHOR_EVENT, "the transaction is sent to " + tx.to() + ", not the contract " + proof.contract());
            }
            byte[] contract = hex(proof.contract());
            for (EvmReceipt.Log log : receipt.logs()) {
                Optional<AnchoredEvent> found = AnchoredEvent.from(log, contract);
                if (found.isEmpty()) {
                    continue;
                }
                AnchoredEvent e = found.get();
                boolean same = e.allianceId().equals(proof.allianceId()) && e.treeSize().equals(BigInteger.valueOf(proof.treeSize()))
                        && e.root().equalsIgnoreCase(proof.root()) && e.alg().equals(proof.alg());
                if (!same) {
                    return Check.fail(EVM_ANCHOR_EVENT, "the event anchors " + e.allianceId() + "@" + e.treeSize() + " " + e.alg()
                            + ":" + e.root() + ", not the proof's checkpoint " + proof.allianceId() + "@" + proof.treeSize() + " "
                            + proof.alg() + ":" + proof.root());
                }
                return Check.of(EVM_ANCHOR_EVENT, e.submitter().equalsIgnoreCase(tx.from()),
                        "contract " + proof.contract() + " anchored " + proof.allianceId() + "@" + proof.treeSize()
                                + " as #" + e.index() + ", submitted by " + tx.from(),
                        "the event names submitter " + e.submitter() + ", but the transaction is signed by " + tx.from());
            }
            return Check.fail(EVM_ANCHOR_EVENT, "the receipt has no anchor event of contract " + proof.contract());
        } catch (RuntimeException e) {
            return Check.fail(EVM_ANCHOR_EVENT, "the anchor event cannot be read: " + e.getMessage());
        }
    }

    /** 0x-prefixed hex, as Ethereum's JSON-RPC writes bytes. */
    private static byte[] hex(String s) {
        if (!s.startsWith("0x") && !s.startsWith("0X")) {
            throw new IllegalArgumentException("hex without its 0x prefix");
        }
        return Hex.decode(s.substring(2));
    }

    private static List<byte[]> hexes(List<String> hex) {
        return hex.stream().map(EvmAnchorVerifier::hex).toList();
    }

    private static List<Check> notChecked(List<Check> checks, String why, String... names) {
        for (String name : names) {
            checks.add(new Check(name, Verdict.Outcome.NOT_CHECKED, why));
        }
        return checks;
    }
}
