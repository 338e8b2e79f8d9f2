package org.alliance.ledger.evm.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What shows, offline, that the anchor contract recorded a checkpoint: the block header, the anchor
 * transaction and its receipt with their Merkle-Patricia proofs. Byte strings are 0x-prefixed hex.
 * The members are kept as read; {@link EvmAnchorVerifier} reports a damaged one as a failed check.
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
    /** The value of the anchor's {@code ledger} member. */
    public static final String LEDGER = "evm";

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
     * Reads a proof from JSON.
     *
     * @param n the JSON
     * @return the proof
     * @throws IllegalArgumentException when a member is missing or of the wrong type
     */
    public static EvmAnchorProof fromJson(JsonNode n) {
        if (!LEDGER.equals(text(n, "ledger"))) {
            throw new IllegalArgumentException("an EVM anchor needs \"ledger\": \"evm\"");
        }
        JsonNode c = n.path("checkpoint");
        return new EvmAnchorProof(text(n, "contract"), text(c, "allianceId"), number(c, "treeSize"), text(c, "root"),
                text(c, "alg"), number(n, "blockNumber"), text(n, "blockHash"), text(n, "header"), number(n, "txIndex"),
                text(n, "transactionHash"), text(n, "transaction"), texts(n, "transactionProof"), text(n, "receipt"),
                texts(n, "receiptProof"));
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("member " + name + " must be a string");
        }
        return v.textValue();
    }

    private static long number(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null || !v.canConvertToExactIntegral() || v.asLong() < 0) {
            throw new IllegalArgumentException("member " + name + " must be a non-negative integer");
        }
        return v.asLong();
    }

    private static List<String> texts(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null || !v.isArray()) {
            throw new IllegalArgumentException("member " + name + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : (ArrayNode) v) {
            if (!e.isTextual()) {
                throw new IllegalArgumentException("member " + name + " must be an array of strings");
            }
            out.add(e.textValue());
        }
        return out;
    }
}
