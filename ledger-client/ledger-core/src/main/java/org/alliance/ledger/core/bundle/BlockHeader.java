package org.alliance.ledger.core.bundle;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import org.alliance.ledger.core.codec.CanonicalJson;
import org.alliance.ledger.core.codec.StrictJson;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.record.Fields;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.error.ErrorCode;

/**
 * The signed header of one embedded-ledger block, which is one transaction.
 *
 * <p>The header commits to everything in its block: the submitted records through
 * {@code recordsHash}, the resulting state changes through {@code writeSetHash}, the batch through
 * {@code batchId} and {@code batchRoot}, and the chain through {@code prevHash}, the hash of the
 * previous block's header. The block hash is the hash of the header's canonical JSON, and the
 * node signs the same bytes. So an evidence bundle needs only this header, not the other records
 * in the block, to show that its batch root was committed.
 *
 * @param number the block number, from 0
 * @param prevHash hex hash of the previous block's header; all zeros for block 0
 * @param hashAlg the hash algorithm of every hash in this header
 * @param txId the transaction id, which is also the batch id
 * @param txTime the transaction time, RFC 3339 UTC
 * @param caller who submitted the transaction
 * @param batchId the id of the batch written
 * @param batchRoot hex Merkle root of the batch
 * @param recordCount the number of records in the block
 * @param recordsHash hex hash of the canonical JSON array of the block's records
 * @param writeSetHash hex hash of the canonical JSON of the sorted write set
 * @param signerOrg the MSP id of the org that runs the signing node
 * @param signerAlg the node's signature algorithm
 * @param signerPublicKey base64 DER SubjectPublicKeyInfo of the node's key
 */
public record BlockHeader(long number, String prevHash, String hashAlg, String txId, String txTime, Caller caller,
        String batchId, String batchRoot, int recordCount, String recordsHash, String writeSetHash,
        String signerOrg, String signerAlg, String signerPublicKey) {

    /** Validates every field, so that a header read from disk or from a bundle is well-formed. */
    public BlockHeader {
        if (number < 0) {
            throw Fields.malformed("number must not be negative");
        }
        int len = Fields.hashAlg("hashAlg", hashAlg).length();
        Fields.hex("prevHash", prevHash, len);
        Fields.id("txId", txId);
        Fields.time("txTime", txTime);
        Fields.required("caller", caller);
        Fields.mspId("caller.mspId", caller.mspId());
        Fields.id("batchId", batchId);
        Fields.hex("batchRoot", batchRoot, len);
        if (recordCount < 1) {
            throw Fields.malformed("recordCount must be at least 1");
        }
        Fields.hex("recordsHash", recordsHash, len);
        Fields.hex("writeSetHash", writeSetHash, len);
        Fields.mspId("signerOrg", signerOrg);
        Fields.required("signerAlg", signerAlg);
        try {
            SignatureAlgorithm.fromId(signerAlg);
        } catch (IllegalArgumentException e) {
            throw Fields.malformed("signerAlg: " + e.getMessage());
        }
        Fields.base64("signerPublicKey", signerPublicKey, ErrorCode.BAD_SIGNATURE);
    }

    /**
     * The previous-hash value of block 0.
     *
     * @param alg the chain's hash algorithm
     * @return all-zero hex of the algorithm's length
     */
    public static String genesisPrevHash(HashAlgorithm alg) {
        return "0".repeat(alg.length() * 2);
    }

    /**
     * Reads a header from JSON.
     *
     * @param json the header object
     * @return the header
     * @throws org.alliance.ledger.core.error.RuleException if a field is invalid
     * @throws org.alliance.ledger.core.codec.JsonInputException if the JSON has the wrong shape
     */
    public static BlockHeader fromJson(JsonNode json) {
        Objects.requireNonNull(json, "json");
        return StrictJson.read(CanonicalJson.canonicalize(json), BlockHeader.class, StrictJson.MAX_DOCUMENT_BYTES);
    }

    /**
     * The header as a JSON tree.
     *
     * @return a new tree
     */
    public JsonNode toJson() {
        return StrictJson.mapper().valueToTree(this);
    }

    /**
     * The bytes that are hashed and signed: the header's canonical JSON.
     *
     * @return canonical UTF-8 JSON
     */
    public byte[] canonicalBytes() {
        return CanonicalJson.canonicalize(toJson());
    }

    /**
     * The block hash: the hash of {@link #canonicalBytes()} with {@link #hashAlg()}.
     *
     * @return the digest
     */
    public byte[] blockHash() {
        return HashAlgorithm.fromId(hashAlg).digest(canonicalBytes());
    }

    /**
     * The transaction time as an instant.
     *
     * @return the parsed {@link #txTime()}
     */
    public Instant time() {
        return Instant.parse(txTime);
    }
}
