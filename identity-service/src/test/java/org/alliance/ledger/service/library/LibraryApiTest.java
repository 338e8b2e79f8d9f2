package org.alliance.ledger.service.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.merkle.InclusionProof;
import org.alliance.ledger.core.merkle.MerkleVerifier;
import org.alliance.ledger.core.merkle.tiles.Checkpoint;
import org.alliance.ledger.core.record.LogCheckpointBody;
import org.alliance.ledger.core.record.RecordType;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.Regions;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The library endpoints on real tiles: the view, proofs by hash and by index that verify against
 * the root with the verifier the CLI uses, bad input refused with the field named and nothing
 * written, and the checkpoint recorded once through the outbox to the embedded ledger as a signed
 * LOG_CHECKPOINT that the rules accepted.
 */
class LibraryApiTest extends LibraryTestBase {
    private static final HashAlgorithm ALG = HashAlgorithm.SHA256;

    @Test
    void anyoneGetsTheRootAndProofsThatVerifyAgainstIt() throws Exception {
        Checkpoint checkpoint = built();
        api.get(null, "/api/library").andExpect(status().isOk())
                .andExpect(jsonPath("$.algorithm").value("sha256"))
                .andExpect(jsonPath("$.size").value(SIZE))
                .andExpect(jsonPath("$.root").value(Hex.encode(checkpoint.root())))
                .andExpect(jsonPath("$.lookupByHash").value(true));
        for (int index : new int[] {0, 1, 255, 256, PDF_INDEX, 777, SIZE - 1}) {
            InclusionProof byHash = proof(api.get(null, "/api/library/proof?certificateHash=" + Hex.encode(certificate(index))));
            assertThat(byHash.leafIndex()).isEqualTo(index);
            assertThat(byHash.treeSize()).isEqualTo(SIZE);
            MerkleVerifier.verifyInclusion(ALG, certificate(index), byHash, checkpoint.root());
            assertThat(proof(api.get(null, "/api/library/proof?index=" + index))).isEqualTo(byHash);
        }
        // Upper-case hex names the same certificate.
        assertThat(proof(api.get(null, "/api/library/proof?certificateHash="
                + Hex.encode(certificate(3)).toUpperCase(java.util.Locale.ROOT))).leafIndex()).isEqualTo(3);
    }

    @Test
    void badInputIsRefusedWithTheFieldNamedAndWritesNothing() throws Exception {
        int before = outbox.all().size();
        refused(api.get(null, "/api/library/proof?certificateHash=abc"), 400, "BAD_FIELD", "certificateHash");
        refused(api.get(null, "/api/library/proof?certificateHash=" + "zz".repeat(32)), 400, "BAD_FIELD", "certificateHash");
        refused(api.get(null, "/api/library/proof?certificateHash=" + "ab".repeat(33)), 400, "BAD_FIELD", "certificateHash");
        refused(api.get(null, "/api/library/proof"), 400, "MISSING_FIELD", "certificateHash");
        refused(api.get(null, "/api/library/proof?index=1&certificateHash=" + Hex.encode(certificate(1))), 400,
                "BAD_FIELD", "index");
        api.get(null, "/api/library/proof?index=one").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("index"));
        refused(api.get(null, "/api/library/proof?index=-1"), 404, "NOT_IN_LIBRARY", "index");
        refused(api.get(null, "/api/library/proof?index=" + SIZE), 404, "NOT_IN_LIBRARY", "index");
        // A well-formed hash of no certificate in the library.
        refused(api.get(null, "/api/library/proof?certificateHash=" + Hex.encode(SYNTHETIC.hash(SIZE))), 404,
                "NOT_IN_LIBRARY", "certificateHash");
        // Only an admin records the root.
        mvc.perform(MockMvcRequestBuilders.post("/api/library/checkpoint")).andExpect(status().isUnauthorized());
        mvc.perform(MockMvcRequestBuilders.post("/api/library/checkpoint").headers(Regions.as("clerk")))
                .andExpect(status().isForbidden());
        assertThat(outbox.all()).hasSize(before);
    }

    @Test
    void theCheckpointIsRecordedOnceAndReachesTheLedger() throws Exception {
        Checkpoint checkpoint = built();
        JsonNode first = Api.json(record("library-checkpoint-1").andExpect(status().isOk()));
        String recordId = first.at("/checkpoint/recordId").asText();
        assertThat(recordId).endsWith("/size-" + SIZE);
        assertThat(first.at("/checkpoint/ledger/status").asText()).isIn("PENDING", "COMMITTED");
        int entries = outbox.all().size();

        worker.drain();
        JsonNode view = Api.json(api.get(null, "/api/library").andExpect(status().isOk()));
        assertThat(view.at("/checkpoint/recordId").asText()).isEqualTo(recordId);
        assertThat(view.at("/checkpoint/ledger/status").asText()).isEqualTo("COMMITTED");
        assertThat(view.at("/checkpoint/ledger/txId").asText()).isNotBlank();

        // What the ledger holds: this service's signed checkpoint of the library's tree.
        SignedRecord stored = ledger.record(recordId).orElseThrow().signedRecord();
        assertThat(stored.record().type()).isEqualTo(RecordType.LOG_CHECKPOINT);
        assertThat(stored.record().org()).isEqualTo(service.org());
        LogCheckpointBody body = (LogCheckpointBody) stored.record().body();
        assertThat(body.allianceId()).isEqualTo(view.get("logId").asText());
        assertThat(body.treeSize()).isEqualTo(SIZE);
        assertThat(body.root()).isEqualTo(Hex.encode(checkpoint.root()));
        assertThat(body.alg()).isEqualTo("sha256");
        assertThat(body.signature().org()).isEqualTo(service.org());

        // Again, with another key or the same one: nothing new is written.
        record("library-checkpoint-2").andExpect(status().isOk())
                .andExpect(jsonPath("$.checkpoint.recordId").value(recordId));
        record("library-checkpoint-1").andExpect(status().isOk()).andExpect(header().string("Idempotent-Replayed", "true"));
        assertThat(outbox.all()).hasSize(entries);
    }

    private ResultActions record(String key) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.post("/api/library/checkpoint").headers(Regions.as("admin"))
                .header("Idempotency-Key", key));
    }

    private static InclusionProof proof(ResultActions r) throws Exception {
        String json = r.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        // The strict parser the CLI's bulk verify uses: no other members.
        return InclusionProof.fromJson(json, ALG);
    }

    private static void refused(ResultActions r, int status, String reason, String field) throws Exception {
        r.andExpect(status().is(status)).andExpect(jsonPath("$.reason").value(reason))
                .andExpect(jsonPath("$.field").value(field));
    }
}
