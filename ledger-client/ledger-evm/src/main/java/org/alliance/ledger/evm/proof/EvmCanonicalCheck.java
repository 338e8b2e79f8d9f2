package org.alliance.ledger.evm.proof;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.alliance.ledger.core.bundle.Verdict;
import org.alliance.ledger.core.bundle.Verdict.Check;
import org.alliance.ledger.evm.contract.AnchorRegistry;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.rlp.RlpDecoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;
import org.web3j.utils.Numeric;

/**
 * Checks an {@link EvmAnchorProof} with nothing but the proof, each step a named check; and, given
 * a node, that its block is on the node's chain with enough confirmations. It never throws for bad
 * content: every defect is a failed check, and the checks that depend on it are not made.
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
    /** Check (with a node): the block is the node's block at that height, with enough confirmations. */
    public static final String EVM_CANONICAL = "EVM_CANONICAL";

    private EvmAnchorVerifier() {
    }

    /**
     * The offline checks.
     *
     * @param proof the proof
     * @return the checks, in order
     */
    public static List<Check> verify(EvmAnchorProof proof) {
        List<Check> checks = new ArrayList<>();
        List<RlpType> header;
        try {
            byte[] raw = Numeric.hexStringToByteArray(proof.header());
            header = EvmAnchorProofs.headerFields(raw);
            String hash = Numeric.toHexString(Hash.sha3(raw));
            long number = ((RlpString) header.get(EvmAnchorProofs.NUMBER)).asPositiveBigInteger().longValueExact();
            if (!hash.equalsIgnoreCase(proof.blockHash())) {
                checks.add(Check.fail(EVM_HEADER, "the header hashes to " + hash + ", not the block hash " + proof.blockHash()));
            } else if (number != proof.blockNumber()) {
                checks.add(Check.fail(EVM_HEADER, "the header is of block " + number + ", not " + proof.blockNumber()));
            } else {
                checks.add(Check.pass(EVM_HEADER, "block " + number + " header hashes to " + hash));
            }
        } catch (RuntimeException e) {
            checks.add(Check.fail(EVM_HEADER, "the header is not a block header's RLP: " + e.getMessage()));
            header = null;
        }
        if (checks.get(0).outcome() != Verdict.Outcome.PASS) {
            return notChecked(checks, "the header is not proven", EVM_TRANSACTION, EVM_RECEIPT, EVM_ANCHOR_EVENT);
        }
        SignedRawTransaction tx = null;
        try {
            byte[] raw = PatriciaTrie.valueAt(EvmAnchorProofs.bytes(header, EvmAnchorProofs.TRANSACTIONS_ROOT), proof.txIndex(),
                    hexes(proof.transactionProof()));
            String hash = Numeric.toHexString(Hash.sha3(raw));
            if (!Arrays.equals(raw, Numeric.hexStringToByteArray(proof.transaction()))) {
                checks.add(Check.fail(EVM_TRANSACTION, "the transaction trie holds other bytes at index " + proof.txIndex()));
            } else if (!hash.equalsIgnoreCase(proof.transactionHash())) {
                checks.add(Check.fail(EVM_TRANSACTION, "the transaction hashes to " + hash + ", not " + proof.transactionHash()));
            } else {
                RawTransaction decoded = TransactionDecoder.decode(proof.transaction());
                tx = decoded instanceof SignedRawTransaction s ? s : null;
                checks.add(Check.of(EVM_TRANSACTION, tx != null,
                        "transaction " + hash + " is at index " + proof.txIndex() + " of the block's transaction trie",
                        "the transaction is not signed"));
            }
        } catch (RuntimeException e) {
            checks.add(Check.fail(EVM_TRANSACTION, "the transaction proof does not hold: " + e.getMessage()));
        }
        List<RlpType> receipt = null;
        try {
            byte[] raw = PatriciaTrie.valueAt(EvmAnchorProofs.bytes(header, EvmAnchorProofs.RECEIPTS_ROOT), proof.txIndex(),
                    hexes(proof.receiptProof()));
            if (!Arrays.equals(raw, Numeric.hexStringToByteArray(proof.receipt()))) {
                checks.add(Check.fail(EVM_RECEIPT, "the receipt trie holds other bytes at index " + proof.txIndex()));
            } else {
                receipt = receiptFields(raw);
                byte[] status = ((RlpString) receipt.get(0)).getBytes();
                checks.add(Check.of(EVM_RECEIPT, status.length == 1 && status[0] == 1,
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

    private static Check anchorEvent(EvmAnchorProof proof, SignedRawTransaction tx, List<RlpType> receipt) {
        try {
            String signer = tx.getFrom();
            if (tx.getTo() == null || !tx.getTo().equalsIgnoreCase(proof.contract())) {
                return Check.fail(EVM_ANCHOR_EVENT, "the transaction is sent to " + tx.getTo() + ", not the contract " + proof.contract());
            }
            String topic = EventEncoder.encode(AnchorRegistry.ANCHORED_EVENT);
            for (RlpType l : ((RlpList) receipt.get(3)).getValues()) {
                List<RlpType> log = ((RlpList) l).getValues();
                String address = Numeric.toHexString(((RlpString) log.get(0)).getBytes());
                List<String> topics = ((RlpList) log.get(1)).getValues().stream()
                        .map(t -> Numeric.toHexString(((RlpString) t).getBytes())).toList();
                if (!address.equalsIgnoreCase(proof.contract()) || topics.isEmpty() || !topics.get(0).equals(topic)) {
                    continue;
                }
                Log web3Log = new Log();
                web3Log.setAddress(address);
                web3Log.setTopics(topics);
                web3Log.setData(Numeric.toHexString(((RlpString) log.get(2)).getBytes()));
                AnchorRegistry.AnchoredEventResponse e = AnchorRegistry.getAnchoredEventFromLog(web3Log);
                String root = Numeric.toHexString(e.root);
                String alg = switch (e.alg.intValue()) {
                    case 1 -> "sha256";
                    case 2 -> "sm3";
                    default -> "unknown " + e.alg;
                };
                boolean same = e.allianceId.equals(proof.allianceId()) && e.treeSize.equals(BigInteger.valueOf(proof.treeSize()))
                        && root.equalsIgnoreCase(proof.root()) && alg.equals(proof.alg());
                if (!same) {
                    return Check.fail(EVM_ANCHOR_EVENT, "the event anchors " + e.allianceId + "@" + e.treeSize + " " + alg + ":"
                            + root + ", not the proof's checkpoint " + proof.allianceId() + "@" + proof.treeSize() + " "
                            + proof.alg() + ":" + proof.root());
                }
                return Check.of(EVM_ANCHOR_EVENT, e.submitter.equalsIgnoreCase(signer),
                        "contract " + proof.contract() + " anchored " + proof.allianceId() + "@" + proof.treeSize()
                                + " as #" + e.index + ", submitted by " + signer,
                        "the event names submitter " + e.submitter + ", but the transaction is signed by " + signer);
            }
            return Check.fail(EVM_ANCHOR_EVENT, "the receipt has no anchor event of contract " + proof.contract());
        } catch (RuntimeException | java.security.SignatureException e) {
            return Check.fail(EVM_ANCHOR_EVENT, "the anchor event cannot be read: " + e.getMessage());
        }
    }

    /**
     * The online check: the block is the node's block at its height, with at least
     * {@code confirmations} blocks counted from it to the head.
     *
     * @param proof the proof
     * @param node the node
     * @param confirmations the least number of confirmations, the block itself counted
     * @return the check
     */
    public static Check canonical(EvmAnchorProof proof, Web3j node, int confirmations) {
        try {
            EthBlock.Block block = node.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(proof.blockNumber())),
                    false).send().getBlock();
            long head = node.ethBlockNumber().send().getBlockNumber().longValueExact();
            if (block == null || !block.getHash().equalsIgnoreCase(proof.blockHash())) {
                return Check.fail(EVM_CANONICAL, "the node's block " + proof.blockNumber() + " is "
                        + (block == null ? "missing" : block.getHash()) + ", not " + proof.blockHash());
            }
            long have = head - proof.blockNumber() + 1;
            return Check.of(EVM_CANONICAL, have >= confirmations,
                    "block " + proof.blockNumber() + " is on the node's chain with " + have + " confirmations",
                    "block " + proof.blockNumber() + " has " + have + " confirmations, fewer than " + confirmations);
        } catch (IOException | RuntimeException e) {
            return Check.fail(EVM_CANONICAL, "the node cannot be asked: " + e.getMessage());
        }
    }

    private static List<RlpType> receiptFields(byte[] raw) {
        // A typed receipt is its type byte followed by the RLP list; a legacy one is the list alone.
        byte[] list = (raw[0] & 0xff) < 0x80 ? Arrays.copyOfRange(raw, 1, raw.length) : raw;
        return ((RlpList) RlpDecoder.decode(list).getValues().get(0)).getValues();
    }

    private static List<byte[]> hexes(List<String> hex) {
        return hex.stream().map(Numeric::hexStringToByteArray).toList();
    }

    private static List<Check> notChecked(List<Check> checks, String why, String... names) {
        for (String name : names) {
            checks.add(new Check(name, Verdict.Outcome.NOT_CHECKED, why));
        }
        return checks;
    }
}
