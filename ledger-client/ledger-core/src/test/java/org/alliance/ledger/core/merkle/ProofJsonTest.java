package org.alliance.ledger.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.alliance.ledger.core.codec.CanonicalJson;
import org.alliance.ledger.core.codec.JsonInputException;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.record.RecordCodec;
import org.junit.jupiter.api.Test;

class ProofJsonTest {
    private static final HashAlgorithm SHA = HashAlgorithm.SHA256;
    private static final String H = "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7";

    @Test
    void writesTheExactCliFormatAndReadsItBack() {
        InclusionProof inclusion = MerkleTree.of(SHA, Rfc6962Vectors.LEAVES).inclusionProof(0);
        String json = inclusion.toJson();
        assertThat(json).startsWith("{\"leafIndex\":0,\"treeSize\":8,\"hashes\":[\"" + H + "\",");
        assertThat(InclusionProof.fromJson(json, SHA)).isEqualTo(inclusion);

        ConsistencyProof consistency = new ConsistencyProof(1, 2, Rfc6962Vectors.hex(H));
        assertThat(consistency.toJson()).isEqualTo("{\"fromSize\":1,\"toSize\":2,\"hashes\":[\"" + H + "\"]}");
        assertThat(ConsistencyProof.fromJson(consistency.toJson(), SHA)).isEqualTo(consistency);
        assertThat(InclusionProof.fromJson("{\"hashes\":[],\"treeSize\":1,\"leafIndex\":0}", SHA))
                .isEqualTo(new InclusionProof(0, 1, List.of()));
        assertThat(InclusionProof.fromJson("{\"leafIndex\":0,\"treeSize\":1,\"hashes\":[\"" + H.toUpperCase() + "\"]}", SHA)
                .hashes().get(0)).isEqualTo(Rfc6962Vectors.hex(H).get(0));
    }

    @Test
    void jacksonWritesProofsInTheSameHexFormAsToJson() {
        InclusionProof inclusion = MerkleTree.of(SHA, Rfc6962Vectors.LEAVES).inclusionProof(0);
        ConsistencyProof consistency = new ConsistencyProof(1, 2, Rfc6962Vectors.hex(H));
        assertThat(new String(RecordCodec.toCanonicalJson(inclusion), StandardCharsets.UTF_8))
                .isEqualTo(new String(CanonicalJson.canonicalize(inclusion.toJson()), StandardCharsets.UTF_8))
                .contains("\"hashes\":[\"" + H + "\",")
                .contains("\"leafIndex\":0").contains("\"treeSize\":8");
        assertThat(new String(RecordCodec.toCanonicalJson(consistency), StandardCharsets.UTF_8))
                .isEqualTo("{\"fromSize\":1,\"hashes\":[\"" + H + "\"],\"toSize\":2}");
        assertThat(InclusionProof.fromJson(RecordCodec.toTree(inclusion).toString(), SHA)).isEqualTo(inclusion);
    }

    @Test
    void refusesAnythingElse() {
        String[] bad = {
            "", "[]", "{}", "{\"leafIndex\":0,\"treeSize\":1}",
            "{\"leafIndex\":0,\"treeSize\":1,\"hashes\":[],\"extra\":1}",
            "{\"leafIndex\":-1,\"treeSize\":1,\"hashes\":[]}",
            "{\"leafIndex\":0.5,\"treeSize\":1,\"hashes\":[]}",
            "{\"leafIndex\":\"0\",\"treeSize\":1,\"hashes\":[]}",
            "{\"leafIndex\":0,\"treeSize\":99999999999999999999,\"hashes\":[]}",
            "{\"leafIndex\":0,\"treeSize\":1,\"hashes\":[\"zz\"]}",
            "{\"leafIndex\":0,\"treeSize\":1,\"hashes\":[1]}",
            "{\"leafIndex\":0,\"treeSize\":1,\"hashes\":{}}",
            "{\"leafIndex\":0,\"leafIndex\":0,\"treeSize\":1,\"hashes\":[]}",
            "{\"leafIndex\":0,\"treeSize\":1,\"hashes\":[]} trailing",
        };
        for (String json : bad) {
            assertThatThrownBy(() -> InclusionProof.fromJson(json, SHA)).as(json).isInstanceOf(JsonInputException.class);
        }
        assertThatThrownBy(() -> ConsistencyProof.fromJson("{\"leafIndex\":0,\"treeSize\":1,\"hashes\":[]}", SHA))
                .isInstanceOfSatisfying(JsonInputException.class,
                        e -> assertThat(e.kind()).isEqualTo(JsonInputException.Kind.UNKNOWN_FIELD));
        assertThatThrownBy(() -> InclusionProof.fromJson("{\"leafIndex\":0,\"treeSize\":1,\"hashes\":[\"00ff\"]}", SHA))
                .isInstanceOfSatisfying(ProofException.class,
                        e -> assertThat(e.reason()).isEqualTo(ProofException.Reason.BAD_HASH_LENGTH));
    }

    @Test
    void recordsAreImmutableAndValueEqual() {
        byte[] hash = Rfc6962Vectors.hex(H).get(0);
        java.util.ArrayList<byte[]> list = new java.util.ArrayList<>(List.of(hash));
        InclusionProof proof = new InclusionProof(0, 2, list);
        hash[0] ^= 1;
        list.clear();
        proof.hashes().get(0)[0] ^= 1;
        assertThat(proof).isEqualTo(new InclusionProof(0, 2, Rfc6962Vectors.hex(H)));
        assertThat(proof.hashCode()).isEqualTo(new InclusionProof(0, 2, Rfc6962Vectors.hex(H)).hashCode());
        assertThatThrownBy(() -> new InclusionProof(-1, 2, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConsistencyProof(0, -2, List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
