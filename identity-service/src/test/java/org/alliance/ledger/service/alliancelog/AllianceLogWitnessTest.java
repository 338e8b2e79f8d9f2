package org.alliance.ledger.service.alliancelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.alliance.ledger.core.checkpoint.Checkpoint;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;
import org.alliance.ledger.core.codec.StrictJson;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.Signer;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.log.AllianceLog;
import org.alliance.ledger.core.merkle.ConsistencyProof;
import org.alliance.ledger.service.signing.SigningKeyLoader;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;

/**
 * This instance (Zhangzhou) as witness of Chaozhou's checkpoints of the alliance log, over its
 * HTTP API: a checkpoint of the ledger it holds is co-signed; one that truncates or forks what it
 * co-signed is refused with 409 and kept, with both checkpoints and the proof, as evidence anyone
 * can read; one ahead of its ledger, or with a proof from another size, is refused for now and not
 * kept; an unknown key, its own org's checkpoint and a malformed request are refused before any
 * judgement, and none of those changes what it last co-signed.
 */
class AllianceLogWitnessTest extends ServiceTestBase {
    @Autowired
    private LedgerLog ledgerLog;
    @Autowired
    private Signer ownSigner;

    @Test
    void cosignsTheLedgersTreeAndRefusesATruncatedOrForkedHistoryWithEvidence() throws Exception {
        Signer chaozhou = memberSigner(DemoAlliance.CHAOZHOU);
        // Two batches at least, so a truncated tree exists.
        api.receive(DemoAlliance.PENSION_TRANSFER);
        worker.drain();
        api.receive(DemoAlliance.PENSION_TRANSFER);
        worker.drain();
        AllianceLog log = caughtUpLog();
        long size = log.size();
        assertThat(size).isGreaterThanOrEqualTo(2);

        long lastSize = witnessSize();
        SignedCheckpoint good = signed(chaozhou, log, size);
        JsonNode cosigned = witness(good, lastSize == 0 || lastSize == size ? null
                : log.consistencyProof(lastSize, size), 200);
        SignedCheckpoint back = SignedCheckpoint.fromJson(cosigned.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(back.checkpoint()).isEqualTo(good.checkpoint());
        assertThat(back.cosignatures()).singleElement().satisfies(c -> {
            assertThat(c.org()).isEqualTo(DemoAlliance.ZHANGZHOU);
            assertThat(c.problem(good.checkpoint().canonicalBytes(),
                    (org, key) -> java.util.Base64.getEncoder().encodeToString(key.getEncoded()).equals(service.publicKeyBase64()))).isEmpty();
        });
        assertThat(witnessSize()).isEqualTo(size);
        int refusalsBefore = refusals().size();

        // A member that cuts history off: the smaller tree, signed by the same member.
        JsonNode truncated = witness(signed(chaozhou, log, size - 1), null, 409);
        assertThat(truncated.get("reason").asText()).isEqualTo("CHECKPOINT_TRUNCATED");
        assertThat(truncated.at("/refusal/lastCosigned/checkpoint/treeSize").asLong()).isEqualTo(size);
        assertThat(truncated.at("/refusal/candidate/checkpoint/treeSize").asLong()).isEqualTo(size - 1);
        assertThat(truncated.at("/refusal/witnessOrg").asText()).isEqualTo(DemoAlliance.ZHANGZHOU);

        // A member that rewrites it: the same size with another root.
        Checkpoint forkedCheckpoint = Checkpoint.of(log.allianceId(), DemoAlliance.CHAOZHOU, size,
                log.rootAt(size - 1), log.algorithm(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
        JsonNode forked = witness(SignedCheckpoint.sign(forkedCheckpoint, chaozhou), null, 409);
        assertThat(forked.get("reason").asText()).isEqualTo("CHECKPOINT_FORKED");

        // Both are put on the ledger too, where the rules checked that they prove the conflict.
        worker.drain();
        for (JsonNode refusal : java.util.List.of(truncated, forked)) {
            String recordId = refusal.path("refusalRecord").asText();
            assertThat(recordId).as(refusal.toString()).startsWith(log.allianceId() + "-refusal/");
            var stored = ledger.record(recordId).orElseThrow().signedRecord().record();
            assertThat(stored.type()).isEqualTo(org.alliance.ledger.core.record.RecordType.WITNESS_REFUSAL);
            assertThat(((org.alliance.ledger.core.record.WitnessRefusalBody) stored.body()).candidate().org())
                    .isEqualTo(DemoAlliance.CHAOZHOU);
        }

        // Both are kept as evidence, readable by anyone, with the two checkpoints each.
        JsonNode kept = refusals();
        assertThat(kept).hasSize(refusalsBefore + 2);
        assertThat(kept.get(kept.size() - 2).get("reason").asText()).isEqualTo("TRUNCATED");
        assertThat(kept.get(kept.size() - 1).get("reason").asText()).isEqualTo("FORKED");
        assertThat(kept.get(kept.size() - 1).has("lastCosigned")).isTrue();

        // Ahead of this witness's ledger, and a proof from another size: refused, not kept.
        Checkpoint ahead = Checkpoint.of(log.allianceId(), DemoAlliance.CHAOZHOU, size + 5, log.rootAt(size),
                log.algorithm(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
        assertThat(witness(SignedCheckpoint.sign(ahead, chaozhou), null, 409).get("reason").asText())
                .isIn("CHECKPOINT_AHEAD_OF_WITNESS", "CHECKPOINT_PROOF_MISMATCH");
        // Refused before any judgement: a key no member registered, this witness's own org, a malformed body.
        KeyPair strangerKeys = generated();
        Signer stranger = Signer.of(strangerKeys.getPrivate(), strangerKeys.getPublic());
        assertThat(witness(signed(stranger, log, size), null, 422).get("reason").asText()).isEqualTo("CHECKPOINT_BAD_SIGNATURE");
        Checkpoint own = Checkpoint.of(log.allianceId(), DemoAlliance.ZHANGZHOU, size, log.rootAt(size),
                log.algorithm(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
        assertThat(witness(SignedCheckpoint.sign(own, ownSigner), null, 422)
                .get("reason").asText()).isEqualTo("CHECKPOINT_OWN_CHECKPOINT");
        MvcResult malformed = mvc.perform(post("/api/log/witness").contentType(MediaType.APPLICATION_JSON)
                .content("{\"checkpoint\":{\"format\":\"x\"}}")).andReturn();
        assertThat(malformed.getResponse().getStatus()).isEqualTo(400);
        Checkpoint otherLog = Checkpoint.of("OTHER-ALLIANCE", DemoAlliance.CHAOZHOU, size, log.rootAt(size),
                log.algorithm(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
        assertThat(witness(SignedCheckpoint.sign(otherLog, chaozhou), null, 422).get("reason").asText())
                .isEqualTo("CHECKPOINT_WRONG_LOG");

        assertThat(refusals()).hasSize(refusalsBefore + 2);
        assertThat(witnessSize()).isEqualTo(size);
        // A refusal that cannot be shown from the checkpoints alone is not recorded.
        assertThat(witness(SignedCheckpoint.sign(ahead, chaozhou), null, 409).has("refusalRecord")).isFalse();
    }

    private AllianceLog caughtUpLog() throws InterruptedException {
        long heightNow = ledgerLog.log().size();
        for (int i = 0; i < 100 && !(ledgerLog.caughtUp() && ledgerLog.log().size() >= heightNow); i++) {
            Thread.sleep(100);
        }
        // The stream is polled every 250 ms: wait for one poll that found nothing after the writes.
        Thread.sleep(Duration.ofMillis(600));
        assertThat(ledgerLog.caughtUp()).isTrue();
        return ledgerLog.log();
    }

    private Signer memberSigner(String org) throws Exception {
        PrivateKey key = Keys.readPrivateKeyPem(Files.readString(
                ledgerProperties.demoMemberKeys().resolve(org + ".key"), StandardCharsets.US_ASCII));
        return Signer.of(key, SigningKeyLoader.derivePublic(key));
    }

    private KeyPair generated() {
        return Keys.generate(service.signatureAlgorithm());
    }

    private static SignedCheckpoint signed(Signer signer, AllianceLog log, long size) {
        return SignedCheckpoint.sign(Checkpoint.of(log.allianceId(), DemoAlliance.CHAOZHOU, size, log.rootAt(size), log.algorithm(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS)), signer);
    }

    private JsonNode witness(SignedCheckpoint candidate, ConsistencyProof proof, int status) throws Exception {
        ObjectNode body = StrictJson.mapper().createObjectNode();
        body.set("checkpoint", candidate.toJsonTree());
        if (proof != null) {
            body.set("proof", proof.toJsonTree());
        }
        MvcResult r = mvc.perform(post("/api/log/witness").contentType(MediaType.APPLICATION_JSON)
                .content(body.toString())).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(status);
        return StrictJson.mapper().readTree(r.getResponse().getContentAsString());
    }

    private long witnessSize() throws Exception {
        JsonNode view = StrictJson.mapper().readTree(mvc.perform(get("/api/log/witness")).andReturn().getResponse()
                .getContentAsString());
        return view.path("lastCosigned").path("checkpoint").path("treeSize").asLong(0);
    }

    private JsonNode refusals() throws Exception {
        return StrictJson.mapper().readTree(mvc.perform(get("/api/log/refusals")).andReturn().getResponse()
                .getContentAsString());
    }
}
