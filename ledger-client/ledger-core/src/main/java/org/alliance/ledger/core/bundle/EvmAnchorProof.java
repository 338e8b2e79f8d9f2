package org.alliance.ledger.core.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.alliance.ledger.core.codec.JsonInputException;

/**
 * What shows, offline, that the EVM anchor contract recorded a checkpoint: the block header, the
 * anchor transaction and its receipt with their Merkle-Patricia proofs. Byte strings are
 * 0x-prefixed hex. The members are kept as read; {@link EvmAnchorVerifier} reports a damaged one
 * as a failed check.
 *
 * @param contract the anchor contract's address
 * @param allianceId the checkpoint's alliance
 * @param treeSize the checkpoint's tree size
 * @param root the checkpoint's root
 * @param alg the checkpoint's hash algorithm id ({@code sha256} or {@code sm3})
 * @param blockNumber the block that holds the transaction
 * @param blockHash that block's hash
 * @param header the block header, RLP-encoded as hashed into the block hash
 * @param txIndex the transaction's index in the block
 * @param transactionHash the transaction's hash
 * @param transaction the signed transaction as the block holds it
 * @param transactionProof the trie nodes from the header's transactionsRoot to the transaction
 * @param receipt the receipt as the block's receipt trie holds it
 * @param receiptProof the trie nodes from the header's receiptsRoot to the receipt
 */
public record EvmAnchorProof(String contract, String allianceId, long treeSize, String root, String alg,
        long blockNumber, String blockHash, String header, long txIndex, String transactionHash, String transaction,
        List<String> transactionProof, String receipt, List<String> receiptProof) {
    /** The value of the proof's {@code ledger} member. */
    public static final String LEDGER = "evm";
    /** More trie nodes than a block's trie can be deep (a key of rlp(index) is at most 18 nibbles). */
    private static final int MAX_PROOF_NODES = 20;

    /** Requires every member and copies the lists. */
    public EvmAnchorProof {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(allianceId, "allianceId");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(alg, "alg");
        Objects.requireNonNull(blockHash, "blockHash");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(transactionHash, "transactionHash");
        Objects.requireNonNull(transaction, "transaction");
        Objects.requireNonNull(receipt, "receipt");
        transactionProof = List.copyOf(transactionProof);
        receiptProof = List.copyOf(receiptProof);
    }

    /**
     * The proof as JSON, with {@code "ledger": "evm"}.
     *
     * @return a new tree
     */
    public JsonNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("ledger", LEDGER);
        n.put("contract", contract);
        ObjectNode c = n.putObject("checkpoint");
        c.put("allianceId", allianceId).put("treeSize", treeSize).put("root", root).put("alg", alg);
        n.put("blockNumber", blockNumber);
        n.put("blockHash", blockHash);
        n.put("header", header);
        n.put("txIndex", txIndex);
        n.put("transactionHash", transactionHash);
        n.put("transaction", transaction);
        transactionProof.forEach(n.putArray("transactionProof")::add);
        n.put("receipt", receipt);
        receiptProof.forEach(n.putArray("receiptProof")::add);
        return n;
    }

    /**
     * Reads a proof from JSON, strictly: every member of its type, no other member.
     *
     * @param n the JSON
     * @return the proof
     * @throws JsonInputException when a member is missing, unknown or of the wrong type
     */
    public static EvmAnchorProof fromJson(JsonNode n) {
        String what = "evm";
        ContainerJson.object(n, what, Set.of("ledger", "contract", "checkpoint", "blockNumber", "blockHash", "header",
                "txIndex", "transactionHash", "transaction", "transactionProof", "receipt", "receiptProof"), Set.of());
        if (!LEDGER.equals(ContainerJson.text(n, what, "ledger"))) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED, "an EVM anchor proof needs \"ledger\": \"evm\"");
        }
        String cw = what + ".checkpoint";
        JsonNode c = ContainerJson.object(n.get("checkpoint"), cw, Set.of("allianceId", "treeSize", "root", "alg"), Set.of());
        return new EvmAnchorProof(ContainerJson.text(n, what, "contract"), ContainerJson.text(c, cw, "allianceId"),
                ContainerJson.count(c, cw, "treeSize"), ContainerJson.text(c, cw, "root"), ContainerJson.text(c, cw, "alg"),
                ContainerJson.count(n, what, "blockNumber"), ContainerJson.text(n, what, "blockHash"),
                ContainerJson.text(n, what, "header"), ContainerJson.count(n, what, "txIndex"),
                ContainerJson.text(n, what, "transactionHash"), ContainerJson.text(n, what, "transaction"),
                ContainerJson.texts(n, what, "transactionProof", MAX_PROOF_NODES), ContainerJson.text(n, what, "receipt"),
                ContainerJson.texts(n, what, "receiptProof", MAX_PROOF_NODES));
    }
}
