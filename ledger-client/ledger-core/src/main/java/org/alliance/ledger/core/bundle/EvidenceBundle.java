package org.alliance.ledger.core.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;
import org.alliance.ledger.core.codec.CanonicalJson;
import org.alliance.ledger.core.codec.JsonInputException;
import org.alliance.ledger.core.error.RuleException;

/**
 * Everything an offline verifier needs to check one record: the signed record, its hash, its
 * Merkle inclusion proof in its batch, and where the batch root is anchored; optionally also the
 * batch root's place in the alliance log and that log's checkpoint anchored on an EVM chain, which
 * holds even if the alliance's members later rewrite their own ledger.
 *
 * <p>Parsing checks only the shape (members, types); the values are checked by
 * {@link BundleVerifier}, so that a damaged hash or signature is reported as a failed check
 * rather than as unreadable input.
 *
 * @param bundleVersion the format version, {@value #VERSION}
 * @param record the signed record, as JSON
 * @param recordHash hex hash of the record
 * @param batch the record's place in its batch
 * @param anchor where the batch root is committed
 * @param logAnchor the batch root in an alliance-log checkpoint anchored on an EVM chain, or
 *     {@code null} for a bundle without one
 */
public record EvidenceBundle(int bundleVersion, JsonNode record, String recordHash, Batch batch, Anchor anchor,
        LogAnchor logAnchor) {
    /** The bundle format version this code writes and reads. */
    public static final int VERSION = 1;
    /** The largest bundle accepted (1 MiB): a record is at most 256 KiB, a proof a few KiB. */
    public static final int MAX_BYTES = 1024 * 1024;

    /** Checks that every part is present and the version is supported. */
    public EvidenceBundle {
        if (bundleVersion != VERSION) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED,
                    "bundleVersion " + bundleVersion + " is not supported (expected " + VERSION + ")");
        }
        Objects.requireNonNull(record, "record");
        record = record.deepCopy();
        Objects.requireNonNull(recordHash, "recordHash");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(anchor, "anchor");
    }

    /**
     * A bundle without a log anchor.
     *
     * @param bundleVersion the format version, {@value #VERSION}
     * @param record the signed record, as JSON
     * @param recordHash hex hash of the record
     * @param batch the record's place in its batch
     * @param anchor where the batch root is committed
     */
    public EvidenceBundle(int bundleVersion, JsonNode record, String recordHash, Batch batch, Anchor anchor) {
        this(bundleVersion, record, recordHash, batch, anchor, null);
    }

    /**
     * This bundle with a log anchor.
     *
     * @param logAnchor the log anchor
     * @return a new bundle
     */
    public EvidenceBundle withLogAnchor(LogAnchor logAnchor) {
        return new EvidenceBundle(bundleVersion, record, recordHash, batch, anchor, Objects.requireNonNull(logAnchor, "logAnchor"));
    }

    @Override
    public JsonNode record() {
        return record.deepCopy();
    }

    /**
     * The record's place in its batch.
     *
     * @param batchId the batch id
     * @param alg the batch's hash algorithm
     * @param root hex Merkle root
     * @param treeSize the number of leaves
     * @param leafIndex the record's leaf index
     * @param proof hex audit path, leaf to root
     */
    public record Batch(String batchId, String alg, String root, long treeSize, long leafIndex, List<String> proof) {
        /** Checks that every part is present and copies the proof. */
        public Batch {
            Objects.requireNonNull(batchId, "batchId");
            Objects.requireNonNull(alg, "alg");
            Objects.requireNonNull(root, "root");
            proof = List.copyOf(proof);
        }
    }

    /**
     * The batch root as a leaf of the alliance log (an RFC 6962 tree over every committed batch
     * root, whose leaf data is the root itself), at a signed checkpoint of that log, and the proof
     * that an EVM anchor contract recorded that checkpoint. Its members are kept as read;
     * {@link BundleVerifier} reports a damaged one as a failed check.
     *
     * @param checkpoint the producer-signed checkpoint whose tree holds the batch root
     * @param leafIndex the batch root's leaf index in the log
     * @param proof hex audit path from that leaf to the checkpoint's root, in the checkpoint's hash
     * @param evm the checkpoint's anchor on the EVM chain
     */
    public record LogAnchor(SignedCheckpoint checkpoint, long leafIndex, List<String> proof, EvmAnchorProof evm) {
        /** More audit-path entries than a tree of 2^63 leaves has levels. */
        static final int MAX_PROOF = 64;

        /** Checks that every part is present and copies the proof. */
        public LogAnchor {
            Objects.requireNonNull(checkpoint, "checkpoint");
            Objects.requireNonNull(evm, "evm");
            proof = List.copyOf(proof);
        }

        /**
         * The log anchor as JSON.
         *
         * @return a new tree
         */
        public JsonNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.set("checkpoint", checkpoint.toJsonTree());
            n.put("leafIndex", leafIndex);
            proof.forEach(n.putArray("proof")::add);
            n.set("evm", evm.toJson());
            return n;
        }

        static LogAnchor parse(JsonNode n) {
            String what = "logAnchor";
            ContainerJson.object(n, what, Set.of("checkpoint", "leafIndex", "proof", "evm"), Set.of());
            SignedCheckpoint checkpoint;
            try {
                checkpoint = SignedCheckpoint.fromJson(CanonicalJson.canonicalize(n.get("checkpoint")));
            } catch (RuleException e) {
                throw new JsonInputException(JsonInputException.Kind.MALFORMED, what + ".checkpoint: " + e.getMessage());
            }
            return new LogAnchor(checkpoint, ContainerJson.count(n, what, "leafIndex"),
                    ContainerJson.texts(n, what, "proof", MAX_PROOF), EvmAnchorProof.fromJson(n.get("evm")));
        }
    }

    /** Where a batch root is committed. Each ledger kind has its own anchor type. */
    public sealed interface Anchor permits EmbeddedAnchor, FabricAnchor {
        /**
         * The ledger kind, as written in the bundle's {@code anchor.ledger}.
         *
         * @return {@code embedded} or {@code fabric}
         */
        String ledger();

        /**
         * The anchor as JSON, including its {@code ledger} member.
         *
         * @return a new tree
         */
        JsonNode toJson();
    }

    /**
     * An embedded-ledger anchor: the signed header of the block that committed the batch.
     *
     * @param header the block header, as JSON (see {@link BlockHeader})
     * @param blockHash hex hash of the header's canonical JSON
     * @param signature base64 DER signature of the node over the header's canonical JSON
     */
    public record EmbeddedAnchor(JsonNode header, String blockHash, String signature) implements Anchor {
        /** The {@code ledger} value of this anchor kind. */
        public static final String LEDGER = "embedded";

        /** Checks that every part is present. */
        public EmbeddedAnchor {
            header = Objects.requireNonNull(header, "header").deepCopy();
            Objects.requireNonNull(blockHash, "blockHash");
            Objects.requireNonNull(signature, "signature");
        }

        @Override
        public JsonNode header() {
            return header.deepCopy();
        }

        @Override
        public String ledger() {
            return LEDGER;
        }

        @Override
        public JsonNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("ledger", LEDGER);
            n.set("header", header.deepCopy());
            n.put("blockHash", blockHash);
            n.put("signature", signature);
            return n;
        }
    }

    /**
     * A Fabric anchor: the block that holds the transaction which wrote the batch, with what an
     * offline verifier needs to prove it. Its members:
     *
     * <ul>
     *   <li>{@code channel}, {@code chaincode}, {@code txId} (the batch id), {@code blockNumber};
     *   <li>{@code txIndex}: the transaction's position in the block;
     *   <li>{@code block}: the whole block as the peer stores it (the {@code common.Block}
     *       protobuf), gzip-compressed, in base64. The whole block, because Fabric's data hash is
     *       the SHA-256 of all the block's transactions concatenated, so every transaction is
     *       needed to recompute it; compressed, because the transactions of a block repeat the
     *       same certificates, so a block of a hundred transactions still fits in a bundle;
     *   <li>{@code consenters}: the channel's consenter mapping at that block ({@code id},
     *       {@code mspId}, {@code identity} as PEM), so that the orderers' signatures, which name
     *       their signer only by consenter id, can be checked.
     * </ul>
     *
     * <p>The members are kept as read; verifying them is the job of a Fabric {@link AnchorVerifier},
     * which reports a damaged member as a failed check.
     *
     * @param content the anchor object, including {@code ledger}
     */
    public record FabricAnchor(JsonNode content) implements Anchor {
        /** The {@code ledger} value of this anchor kind. */
        public static final String LEDGER = "fabric";
        /** The largest block a Fabric anchor may inflate to (Fabric's own limit is 10 MB by default). */
        public static final int MAX_BLOCK_BYTES = 16 * 1024 * 1024;

        /**
         * One orderer of the channel's consenter mapping.
         *
         * @param id the consenter id that its block signatures name
         * @param mspId its org
         * @param identityPem its signing certificate, PEM
         */
        public record Consenter(long id, String mspId, String identityPem) {
            /** Checks that every part is present. */
            public Consenter {
                Objects.requireNonNull(mspId, "mspId");
                Objects.requireNonNull(identityPem, "identityPem");
            }
        }

        /** Requires an object whose {@code ledger} is {@value #LEDGER}. */
        public FabricAnchor {
            Objects.requireNonNull(content, "content");
            if (!content.isObject() || !LEDGER.equals(content.path("ledger").asText(null))) {
                throw new JsonInputException(JsonInputException.Kind.MALFORMED, "a fabric anchor needs ledger \"fabric\"");
            }
            content = content.deepCopy();
        }

        /**
         * Builds an anchor.
         *
         * @param channel the channel
         * @param chaincode the chaincode that wrote the batch
         * @param txId the transaction id, which is the batch id
         * @param blockNumber the block's number
         * @param txIndex the transaction's index in the block
         * @param block the block's protobuf bytes
         * @param consenters the channel's consenters at that block
         * @return the anchor
         */
        public static FabricAnchor of(String channel, String chaincode, String txId, long blockNumber, int txIndex,
                byte[] block, List<Consenter> consenters) {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("ledger", LEDGER);
            n.put("channel", channel);
            n.put("chaincode", chaincode);
            n.put("txId", txId);
            n.put("blockNumber", blockNumber);
            n.put("txIndex", txIndex);
            n.put("block", java.util.Base64.getEncoder().encodeToString(Gzip.compress(block)));
            ArrayNode list = n.putArray("consenters");
            for (Consenter c : consenters) {
                list.addObject().put("id", c.id()).put("mspId", c.mspId()).put("identity", c.identityPem());
            }
            return new FabricAnchor(n);
        }

        /**
         * The block's protobuf bytes.
         *
         * @return the inflated block
         * @throws JsonInputException if {@code block} is missing, not base64 gzip, or inflates
         *     beyond {@link #MAX_BLOCK_BYTES}
         */
        public byte[] block() {
            JsonNode b = content.get("block");
            if (b == null || !b.isTextual()) {
                throw new JsonInputException(JsonInputException.Kind.MALFORMED, "anchor.block must be a string");
            }
            try {
                return Gzip.decompress(java.util.Base64.getDecoder().decode(b.textValue()), MAX_BLOCK_BYTES);
            } catch (IllegalArgumentException e) {
                throw new JsonInputException(JsonInputException.Kind.MALFORMED, "anchor.block is not base64 gzip: "
                        + e.getMessage());
            }
        }

        /**
         * The consenter mapping the anchor carries.
         *
         * @return the consenters
         * @throws JsonInputException if {@code consenters} is not a list of such objects
         */
        public List<Consenter> consenters() {
            JsonNode list = content.get("consenters");
            if (list == null || !list.isArray()) {
                throw new JsonInputException(JsonInputException.Kind.MALFORMED, "anchor.consenters must be an array");
            }
            List<Consenter> out = new ArrayList<>();
            for (JsonNode c : list) {
                out.add(new Consenter(ContainerJson.count(c, "anchor.consenters[]", "id"),
                        ContainerJson.text(c, "anchor.consenters[]", "mspId"),
                        ContainerJson.text(c, "anchor.consenters[]", "identity")));
            }
            return out;
        }

        @Override
        public JsonNode content() {
            return content.deepCopy();
        }

        @Override
        public String ledger() {
            return LEDGER;
        }

        @Override
        public JsonNode toJson() {
            return content.deepCopy();
        }
    }

    /**
     * Parses a bundle.
     *
     * @param json the bundle's UTF-8 JSON, in any formatting
     * @return the bundle
     * @throws JsonInputException if it is not JSON of the bundle's shape
     */
    public static EvidenceBundle parse(byte[] json) {
        JsonNode root = ContainerJson.object(ContainerJson.parse(json, MAX_BYTES), "bundle",
                Set.of("bundleVersion", "record", "recordHash", "batch", "anchor"), Set.of("logAnchor"));
        long version = ContainerJson.count(root, "bundle", "bundleVersion");
        JsonNode record = ContainerJson.object(root.get("record"), "bundle.record", Set.of("record", "signature"), Set.of());
        JsonNode b = ContainerJson.object(root.get("batch"), "batch",
                Set.of("batchId", "alg", "root", "treeSize", "leafIndex", "proof"), Set.of());
        List<String> proof = ContainerJson.texts(b, "batch", "proof", LogAnchor.MAX_PROOF);
        Batch batch = new Batch(ContainerJson.text(b, "batch", "batchId"), ContainerJson.text(b, "batch", "alg"),
                ContainerJson.text(b, "batch", "root"), ContainerJson.count(b, "batch", "treeSize"),
                ContainerJson.count(b, "batch", "leafIndex"), proof);
        return new EvidenceBundle((int) Math.min(version, Integer.MAX_VALUE), record,
                ContainerJson.text(root, "bundle", "recordHash"), batch, parseAnchor(root.get("anchor")),
                root.has("logAnchor") ? LogAnchor.parse(root.get("logAnchor")) : null);
    }

    private static Anchor parseAnchor(JsonNode a) {
        if (a == null || !a.isObject()) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED, "anchor must be a JSON object");
        }
        String ledger = ContainerJson.text(a, "anchor", "ledger");
        return switch (ledger) {
            case EmbeddedAnchor.LEDGER -> {
                ContainerJson.object(a, "anchor", Set.of("ledger", "header", "blockHash", "signature"), Set.of());
                yield new EmbeddedAnchor(ContainerJson.object(a.get("header"), "anchor.header", Set.of(), Set.of(
                        "number", "prevHash", "hashAlg", "txId", "txTime", "caller", "batchId", "batchRoot", "recordCount",
                        "recordsHash", "writeSetHash", "signerOrg", "signerAlg", "signerPublicKey")),
                        ContainerJson.text(a, "anchor", "blockHash"), ContainerJson.text(a, "anchor", "signature"));
            }
            case FabricAnchor.LEDGER -> new FabricAnchor(a);
            default -> throw new JsonInputException(JsonInputException.Kind.MALFORMED,
                    "anchor.ledger '" + ledger + "' is not known (expected embedded or fabric)");
        };
    }

    /**
     * The bundle as JSON.
     *
     * @return a new tree
     */
    public JsonNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("bundleVersion", bundleVersion);
        n.set("record", record.deepCopy());
        n.put("recordHash", recordHash);
        ObjectNode b = n.putObject("batch");
        b.put("batchId", batch.batchId());
        b.put("alg", batch.alg());
        b.put("root", batch.root());
        b.put("treeSize", batch.treeSize());
        b.put("leafIndex", batch.leafIndex());
        ArrayNode proof = b.putArray("proof");
        batch.proof().forEach(proof::add);
        n.set("anchor", anchor.toJson());
        if (logAnchor != null) {
            n.set("logAnchor", logAnchor.toJson());
        }
        return n;
    }

    /**
     * The bundle's canonical JSON, the form in which it is exported.
     *
     * @return canonical UTF-8 JSON
     */
    public byte[] toCanonicalJson() {
        return CanonicalJson.canonicalize(toJson());
    }
}
