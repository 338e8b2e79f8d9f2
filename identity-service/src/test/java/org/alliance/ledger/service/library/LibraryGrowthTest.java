package org.alliance.ledger.service.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.alliance.ledger.core.checkpoint.Checkpoint;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Signer;
import org.alliance.ledger.core.merkle.ConsistencyProof;
import org.alliance.ledger.core.merkle.MerkleTree;
import org.alliance.ledger.core.merkle.MerkleVerifier;
import org.alliance.ledger.core.record.LogCheckpointBody;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.Regions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * A library that grew after its checkpoint was recorded: the service recorded the first
 * {@value #EARLIER} certificates' checkpoint (written here through its outbox, as it would have
 * before the library grew), and recording the grown library's checkpoint extends it on the ledger
 * with the consistency proof the service computed from the tiles, which the rules checked.
 */
@TestPropertySource(properties = "alliance.library.log-id=" + LibraryGrowthTest.LOG_ID)
class LibraryGrowthTest extends LibraryTestBase {
    static final String LOG_ID = "GROWTH-LIBRARY";
    private static final int EARLIER = 600;

    @Autowired
    private Signer signer;

    @Test
    void theGrownLibrarysCheckpointExtendsTheRecordedOneByAConsistencyProof() throws Exception {
        List<byte[]> prefix = new ArrayList<>();
        for (int i = 0; i < EARLIER; i++) {
            prefix.add(certificate(i));
        }
        byte[] earlierRoot = MerkleTree.of(HashAlgorithm.SHA256, prefix).root();
        Instant t = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Checkpoint earlier = Checkpoint.of(LOG_ID, service.org(), EARLIER, earlierRoot, HashAlgorithm.SHA256, t);
        SignedRecord first = service.create(LOG_ID + "/size-" + EARLIER, t, null, new LogCheckpointBody(LOG_ID, EARLIER,
                earlier.root(), "sha256", SignedCheckpoint.sign(earlier, signer).signature(), List.of(), List.of()));
        outbox.add(first, Role.ADMIN);
        worker.drain();
        assertThat(ledger.record(first.record().id())).isPresent();

        mvc.perform(MockMvcRequestBuilders.post("/api/library/checkpoint").headers(Regions.as("admin")))
                .andExpect(status().isOk());
        worker.drain();
        JsonNode view = Api.json(api.get(null, "/api/library").andExpect(status().isOk()));
        assertThat(view.at("/checkpoint/ledger/status").asText()).isEqualTo("COMMITTED");

        SignedRecord grown = ledger.record(view.at("/checkpoint/recordId").asText()).orElseThrow().signedRecord();
        assertThat(grown.record().prev()).isEqualTo(RecordCodec.taggedHash(first.record()));
        LogCheckpointBody body = (LogCheckpointBody) grown.record().body();
        assertThat(body.treeSize()).isEqualTo(SIZE);
        assertThat(body.proof()).isNotEmpty();
        MerkleVerifier.verifyConsistency(HashAlgorithm.SHA256, new ConsistencyProof(EARLIER, SIZE,
                body.proof().stream().map(Hex::decode).toList()), earlierRoot, built().root());
    }
}
