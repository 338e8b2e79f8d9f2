package org.alliance.ledger.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.alliance.ledger.core.bundle.BlockHeader;
import org.alliance.ledger.core.bundle.ContainerJson;
import org.alliance.ledger.core.codec.CanonicalJson;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;

/**
 * One block of the embedded ledger: the signed header and the records the transaction submitted,
 * so that replaying the block through the rules rebuilds the state it produced.
 *
 * <p>On disk a block is one line of canonical JSON:
 * {@code {"header":{…},"records":[…signed records…],"signature":"base64 DER"}}.
 *
 * @param header the signed header
 * @param records the submitted signed records, as JSON, in submission order
 * @param signature base64 DER signature of the node over the header's canonical JSON
 */
record Block(BlockHeader header, List<JsonNode> records, String signature) {
    /**
     * The largest block line accepted: a batch is at most 256 KiB of records, and the header and
     * canonical re-encoding add little, so 1 MiB leaves ample room while bounding what a damaged
     * file can make the reader allocate.
     */
    static final int MAX_LINE_BYTES = 1024 * 1024;

    /** Checks that every part is present and copies the records. */
    Block {
        Objects.requireNonNull(header, "header");
        records = records.stream().<JsonNode>map(JsonNode::deepCopy).toList();
        Objects.requireNonNull(signature, "signature");
    }

    /**
     * The hash a header's {@code recordsHash} must carry for the given records.
     *
     * @param alg the chain's hash algorithm
     * @param records the records, as JSON
     * @return lowercase hex
     */
    static String recordsHash(HashAlgorithm alg, List<JsonNode> records) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        records.forEach(r -> array.add(r.deepCopy()));
        return Hex.encode(alg.digest(CanonicalJson.canonicalize(array)));
    }

    /**
     * The block as one line of canonical JSON, without a terminator.
     *
     * @return canonical UTF-8 JSON
     */
    byte[] toLine() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.set("header", header.toJson());
        ArrayNode array = n.putArray("records");
        records.forEach(r -> array.add(r.deepCopy()));
        n.put("signature", signature);
        return CanonicalJson.canonicalize(n);
    }

    /**
     * Reads a block line. The line must be canonical JSON, so that every byte of it is covered by
     * the checks: a change that leaves the meaning intact (an escape, a reordering) is refused
     * here, and any other change alters a hash or the signature.
     *
     * @param line the line, without its terminator
     * @return the block
     * @throws RuntimeException if the line is not a canonical, well-formed block
     */
    static Block parse(byte[] line) {
        JsonNode n = ContainerJson.object(ContainerJson.parseCanonical(line, MAX_LINE_BYTES), "block",
                Set.of("header", "records", "signature"), Set.of());
        JsonNode records = n.get("records");
        if (!records.isArray() || records.isEmpty()) {
            throw new IllegalArgumentException("block.records must be a non-empty array");
        }
        List<JsonNode> list = new ArrayList<>();
        records.forEach(list::add);
        return new Block(BlockHeader.fromJson(n.get("header")), list, ContainerJson.text(n, "block", "signature"));
    }
}
