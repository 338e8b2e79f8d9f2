package org.alliance.ledger.core.log;

import static org.alliance.ledger.core.demo.DemoAlliance.AUDIT;
import static org.alliance.ledger.core.demo.DemoAlliance.CHAOZHOU;
import static org.alliance.ledger.core.demo.DemoAlliance.SHANTOU;
import static org.alliance.ledger.core.demo.DemoAlliance.ZHANGZHOU;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alliance.ledger.core.bundle.TrustStore;
import org.alliance.ledger.core.bundle.Verdict;
import org.alliance.ledger.core.checkpoint.Checkpoint;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.crypto.Signer;
import org.alliance.ledger.core.merkle.ConsistencyProof;
import org.alliance.ledger.core.record.CheckpointSignature;
import org.alliance.ledger.core.testkit.TestLogs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members witness each other's checkpoints: a good append is co-signed by every witness; a member
 * that rewrites or truncates history gets no co-signature, and each refusal holds the evidence.
 */
class WitnessTest {
    static final String ALLIANCE = TestLogs.ALLIANCE;
    static final HashAlgorithm ALG = HashAlgorithm.SM3;
    static final Instant T = Instant.parse("2026-12-07T08:00:00Z");
    static final List<String> WITNESSES = List.of(CHAOZHOU, SHANTOU, AUDIT);

    final Map<String, KeyPair> keys = new LinkedHashMap<>();
    TrustStore members;
    Map<String, Witness> witnesses;
    /** The honest history, as every member's ledger holds it. */
    AllianceLog log;

    @TempDir
    Path stateDir;

    @BeforeEach
    void alliance() {
        for (String org : List.of(ZHANGZHOU, CHAOZHOU, SHANTOU, AUDIT)) {
            keys.put(org, Keys.generate(SignatureAlgorithm.SM2));
        }
        Map<String, List<java.security.PublicKey>> pub = new LinkedHashMap<>();
        keys.forEach((org, kp) -> pub.put(org, List.of(kp.getPublic())));
        members = TrustStore.of(pub);
        witnesses = new LinkedHashMap<>();
        WITNESSES.forEach(org -> witnesses.put(org, witness(org)));
        log = logOf(5, -1);
    }

    Witness witness(String org) {
        return new Witness(org, Signer.of(keys.get(org)), members, new FileWitnessStateStore(stateDir.resolve(org)));
    }

    static AllianceLog logOf(int size, int rewritten) {
        return TestLogs.log(ALG, size, rewritten);
    }

    SignedCheckpoint signed(AllianceLog l, String org, Instant time) {
        return SignedCheckpoint.sign(l.checkpoint(org, time), Signer.of(keys.get(org)));
    }

    SignedCheckpoint cosignedByAll(SignedCheckpoint candidate, ConsistencyProof proof) {
        return TestLogs.cosign(candidate, proof, witnesses.values());
    }

    List<WitnessRefusal> refusedByAll(SignedCheckpoint candidate, ConsistencyProof proof, WitnessRefusal.Reason reason) {
        return witnesses.values().stream().map(w -> {
            WitnessDecision d = w.cosign(candidate, proof);
            assertThat(d).as("witness %s", w.org()).isInstanceOf(WitnessRefusal.class);
            WitnessRefusal r = (WitnessRefusal) d;
            assertThat(r.reason()).as("reason of %s: %s", w.org(), r.message()).isEqualTo(reason);
            assertThat(r.witnessOrg()).isEqualTo(w.org());
            assertThat(r.candidate()).isEqualTo(candidate);
            return r;
        }).toList();
    }

    @Test
    void aGoodAppendIsCosignedByEveryWitnessAndTheSignaturesVerify() {
        SignedCheckpoint first = cosignedByAll(signed(log, ZHANGZHOU, T), null);
        log.append(TestLogs.batchRoot(ALG, 5));
        log.append(TestLogs.batchRoot(ALG, 6));
        SignedCheckpoint second = cosignedByAll(signed(log, ZHANGZHOU, T.plusSeconds(60)), log.consistencyProof(5, 7));

        assertThat(second.cosignatures()).extracting(CheckpointSignature::org).containsExactlyElementsOf(WITNESSES);
        Verdict verdict = new CheckpointVerifier(members, 3).verify(first, second, log.consistencyProof(5, 7));
        assertThat(verdict.valid()).as("%s", verdict).isTrue();
        assertThat(verdict.checks()).extracting(Verdict.Check::name).containsExactly(
                "FROM_SIGNATURE", "FROM_COSIGNATURES", "TO_SIGNATURE", "TO_COSIGNATURES", "CONSISTENCY");
        // Each witness now remembers size 7, with its own co-signature.
        for (Witness w : witnesses.values()) {
            SignedCheckpoint last = w.lastCosigned(ALLIANCE).orElseThrow();
            assertThat(last.checkpoint()).isEqualTo(second.checkpoint());
            assertThat(last.cosignatures()).extracting(CheckpointSignature::org).containsExactly(w.org());
        }
        // Another member's checkpoint of the same tree is co-signed by the others too, without a proof.
        SignedCheckpoint shantou = signed(log, SHANTOU, T.plusSeconds(90));
        for (String org : List.of(CHAOZHOU, AUDIT)) {
            assertThat(witnesses.get(org).cosign(shantou, null)).isInstanceOf(WitnessDecision.Cosigned.class);
        }
    }

    @Test
    void aMemberThatRewritesALeafGetsNoCosignature() {
        SignedCheckpoint good = cosignedByAll(signed(log, ZHANGZHOU, T), null);
        // Zhangzhou rewrites batch 2 and appends two more: its own tree's proof is internally
        // sound, but the old tree the witnesses co-signed is not a prefix of it.
        AllianceLog forged = logOf(7, 2);
        ConsistencyProof proof = forged.consistencyProof(5, 7);
        SignedCheckpoint candidate = signed(forged, ZHANGZHOU, T.plusSeconds(60));
        for (WitnessRefusal r : refusedByAll(candidate, proof, WitnessRefusal.Reason.INCONSISTENT)) {
            assertThat(r.conflictingHistory()).isTrue();
            assertThat(r.lastCosigned().checkpoint()).isEqualTo(good.checkpoint());
            assertThat(r.proof()).isEqualTo(proof);
            assertThat(r.message()).contains("not a prefix");
        }
        // Nor does a proof taken from the honest history of the same size: it leads to the honest root.
        refusedByAll(candidate, logOf(7, -1).consistencyProof(5, 7), WitnessRefusal.Reason.INCONSISTENT);
        assertThat(new CheckpointVerifier(members, 0).verify(good, candidate, proof).checks().getLast())
                .satisfies(c -> assertThat(c.outcome()).isEqualTo(Verdict.Outcome.FAIL))
                .satisfies(c -> assertThat(c.reason()).startsWith("INCONSISTENT"));
        witnesses.values().forEach(w -> assertThat(w.lastCosigned(ALLIANCE).orElseThrow().checkpoint())
                .isEqualTo(good.checkpoint()));
    }

    @Test
    void aRewriteOfTheSameSizeIsAFork() {
        SignedCheckpoint good = cosignedByAll(signed(log, ZHANGZHOU, T), null);
        SignedCheckpoint forked = signed(logOf(5, 4), ZHANGZHOU, T.plusSeconds(60));
        for (WitnessRefusal r : refusedByAll(forked, null, WitnessRefusal.Reason.FORKED)) {
            assertThat(r.lastCosigned()).isNotNull();
            assertThat(r.conflictingHistory()).isTrue();
        }
        // Another member signing a fork is refused just the same by the other witnesses.
        SignedCheckpoint shantouFork = signed(logOf(5, 0), SHANTOU, T.plusSeconds(60));
        for (String org : List.of(CHAOZHOU, AUDIT)) {
            assertThat(((WitnessRefusal) witnesses.get(org).cosign(shantouFork, null)).reason())
                    .isEqualTo(WitnessRefusal.Reason.FORKED);
        }
        assertThat(new CheckpointVerifier(members, 0).verify(good, forked, null).valid()).isFalse();
    }

    @Test
    void aMemberThatTruncatesHistoryGetsNoCosignatureAndTheRefusalIsEvidence() throws Exception {
        SignedCheckpoint good = cosignedByAll(signed(log, ZHANGZHOU, T), null);
        AllianceLog cut = logOf(3, -1);
        SignedCheckpoint truncated = signed(cut, ZHANGZHOU, T.plusSeconds(60));
        List<WitnessRefusal> refusals = refusedByAll(truncated, null, WitnessRefusal.Reason.TRUNCATED);

        // The refusal is a self-contained record, kept by each witness: both signed checkpoints
        // (and the proof, if any), read back from its canonical JSON.
        for (WitnessRefusal r : refusals) {
            assertThat(new FileWitnessStateStore(stateDir.resolve(r.witnessOrg())).refusals(ALLIANCE)).containsExactly(r);
        }
        WitnessRefusal evidence = WitnessRefusal.fromJson(refusals.getFirst().toJson().getBytes(StandardCharsets.UTF_8));
        assertThat(evidence).isEqualTo(refusals.getFirst());
        SignedCheckpoint last = evidence.lastCosigned();
        SignedCheckpoint refused = evidence.candidate();
        assertThat(refused).isEqualTo(truncated);
        assertThat(last.checkpoint()).isEqualTo(good.checkpoint());
        // Both are validly signed by Zhangzhou: it stated two incompatible sizes of the log.
        Verdict check = new CheckpointVerifier(members, 0).verify(last, refused, null);
        assertThat(check.checks()).filteredOn(c -> c.name().endsWith("SIGNATURE"))
                .allSatisfy(c -> assertThat(c.outcome()).isEqualTo(Verdict.Outcome.PASS));
        assertThat(check.checks().getLast().reason()).startsWith("TRUNCATED");

        // A restarted witness remembers what it co-signed and still refuses.
        Witness restarted = witness(CHAOZHOU);
        assertThat(((WitnessRefusal) restarted.cosign(truncated, null)).reason()).isEqualTo(WitnessRefusal.Reason.TRUNCATED);
        assertThat(restarted.lastCosigned(ALLIANCE).orElseThrow().checkpoint()).isEqualTo(good.checkpoint());
        // The same evidence again is kept once; a different conflict is kept beside it.
        assertThat(new FileWitnessStateStore(stateDir.resolve(CHAOZHOU)).refusals(ALLIANCE)).hasSize(1);
        SignedCheckpoint forked = signed(logOf(5, 3), ZHANGZHOU, T.plusSeconds(90));
        assertThat(((WitnessRefusal) restarted.cosign(forked, null)).reason()).isEqualTo(WitnessRefusal.Reason.FORKED);
        assertThat(new FileWitnessStateStore(stateDir.resolve(CHAOZHOU)).refusals(ALLIANCE))
                .extracting(WitnessRefusal::reason).containsExactlyInAnyOrder(WitnessRefusal.Reason.TRUNCATED,
                        WitnessRefusal.Reason.FORKED);
        // Its state is one canonical JSON file per log and the kept refusals, no temporary file left behind.
        try (var files = Files.walk(stateDir.resolve(CHAOZHOU))) {
            assertThat(files.filter(Files::isRegularFile).map(p -> stateDir.resolve(CHAOZHOU).relativize(p).toString()))
                    .hasSize(3).contains(ALLIANCE + ".json").allMatch(f -> f.endsWith(".json"))
                    .filteredOn(f -> f.startsWith("refusals/" + ALLIANCE + "-")).hasSize(2);
        }
    }

    @Test
    void aTamperedOrForeignCheckpointIsRefused() {
        cosignedByAll(signed(log, ZHANGZHOU, T), null);
        log.append(TestLogs.batchRoot(ALG, 5));
        SignedCheckpoint honest = signed(log, ZHANGZHOU, T.plusSeconds(60));
        ConsistencyProof proof = log.consistencyProof(5, 6);

        // Same signature, different time: the signed bytes changed.
        Checkpoint c = honest.checkpoint();
        SignedCheckpoint retimed = SignedCheckpoint.of(new Checkpoint(c.format(), c.allianceId(), c.org(), c.treeSize(),
                c.root(), c.hashAlg(), T.plusSeconds(61).toString()), honest.signature());
        refusedByAll(retimed, proof, WitnessRefusal.Reason.BAD_SIGNATURE);
        // Signed with a key that is not Zhangzhou's.
        KeyPair stranger = Keys.generate(SignatureAlgorithm.SM2);
        SignedCheckpoint forged = SignedCheckpoint.of(c,
                CheckpointSignature.sign(c.canonicalBytes(), ZHANGZHOU, Signer.of(stranger)));
        assertThat(refusedByAll(forged, proof, WitnessRefusal.Reason.BAD_SIGNATURE).getFirst().message())
                .contains("not among its trusted keys");
        // A proof from the wrong size is not evidence of anything; the right one succeeds.
        refusedByAll(honest, log.consistencyProof(4, 6), WitnessRefusal.Reason.PROOF_MISMATCH);
        refusedByAll(honest, null, WitnessRefusal.Reason.PROOF_MISMATCH);
        // A member never witnesses itself.
        WitnessRefusal own = (WitnessRefusal) witnesses.get(CHAOZHOU).cosign(signed(log, CHAOZHOU, T), proof);
        assertThat(own.reason()).isEqualTo(WitnessRefusal.Reason.OWN_CHECKPOINT);
        // Another log (the same batches hashed with SHA-256) is not this one.
        AllianceLog sha = new AllianceLog(ALLIANCE, HashAlgorithm.SHA256);
        for (int i = 0; i < 6; i++) {
            sha.append(TestLogs.batchRoot(HashAlgorithm.SHA256, i));
        }
        refusedByAll(signed(sha, ZHANGZHOU, T.plusSeconds(60)), sha.consistencyProof(5, 6),
                WitnessRefusal.Reason.WRONG_LOG);

        // None of these is a conflicting history, so no witness keeps them as evidence.
        WITNESSES.forEach(org -> assertThat(new FileWitnessStateStore(stateDir.resolve(org)).refusals(ALLIANCE)).isEmpty());

        SignedCheckpoint cosigned = cosignedByAll(honest, proof);
        // A co-signature altered after the fact fails offline verification.
        CheckpointSignature cs = cosigned.cosignatures().getFirst();
        CheckpointSignature moved = new CheckpointSignature(SHANTOU, cs.alg(), cs.publicKey(), cs.value());
        SignedCheckpoint tampered = new SignedCheckpoint(cosigned.checkpoint(), cosigned.signature(), List.of(moved));
        Verdict v = new CheckpointVerifier(members, 1).verify(cosigned, tampered, null);
        assertThat(v.valid()).isFalse();
        assertThat(v.checks()).filteredOn(k -> k.outcome() == Verdict.Outcome.FAIL).extracting(Verdict.Check::name)
                .containsExactly("TO_COSIGNATURES");
        // Too few co-signatures fails the required count.
        assertThat(new CheckpointVerifier(members, 4).verify(cosigned, cosigned, null).valid()).isFalse();
    }

    @Test
    void aWitnessThatHoldsTheLedgerCosignsOnlyTheRootOfItsOwnBatches() {
        AllianceLog own = logOf(5, -1);
        Witness holder = new Witness(SHANTOU, Signer.of(keys.get(SHANTOU)), members,
                new FileWitnessStateStore(stateDir.resolve("holder")), own);
        // A first checkpoint over a rewritten history: consistency alone cannot tell (trust on
        // first use), the ledger can.
        SignedCheckpoint forged = signed(logOf(5, 2), ZHANGZHOU, T);
        assertThat(witnesses.get(CHAOZHOU).cosign(forged, null)).isInstanceOf(WitnessDecision.Cosigned.class);
        WitnessRefusal notOurs = (WitnessRefusal) holder.cosign(forged, null);
        assertThat(notOurs.reason()).isEqualTo(WitnessRefusal.Reason.NOT_THE_LEDGER);
        assertThat(notOurs.conflictingHistory()).isTrue();
        assertThat(holder.lastCosigned(ALLIANCE)).isEmpty();
        // Beyond what it holds: not yet; once its ledger has the batches: yes.
        SignedCheckpoint ahead = signed(logOf(7, -1), ZHANGZHOU, T.plusSeconds(60));
        assertThat(((WitnessRefusal) holder.cosign(ahead, null)).reason()).isEqualTo(WitnessRefusal.Reason.AHEAD_OF_WITNESS);
        own.append(TestLogs.batchRoot(ALG, 5));
        own.append(TestLogs.batchRoot(ALG, 6));
        assertThat(holder.cosign(ahead, null)).isInstanceOf(WitnessDecision.Cosigned.class);
        // An older size of its own history is checked against the root it had then.
        assertThat(own.rootAt(5)).isEqualTo(logOf(5, -1).root());
        assertThat(new FileWitnessStateStore(stateDir.resolve("holder")).refusals(ALLIANCE))
                .extracting(WitnessRefusal::reason).containsExactly(WitnessRefusal.Reason.NOT_THE_LEDGER);
    }

    @Test
    void signedCheckpointsRoundTripStrictly() {
        SignedCheckpoint cosigned = cosignedByAll(signed(log, ZHANGZHOU, T), null);
        byte[] json = cosigned.toJson().getBytes(StandardCharsets.UTF_8);
        assertThat(SignedCheckpoint.fromJson(json)).isEqualTo(cosigned);
        String text = cosigned.toJson();
        assertThatThrownBy(() -> SignedCheckpoint.fromJson(text.replace("\"treeSize\"", "\"extra\":1,\"treeSize\"")
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SignedCheckpoint.fromJson(text.replace(Checkpoint.FORMAT, "alliance-checkpoint/v2")
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("format");
        // The producer cannot list itself as a witness.
        assertThatThrownBy(() -> cosigned.withCosignature(cosigned.signature())).hasMessageContaining("own checkpoint");
    }

    @Test
    void aCorruptWitnessStateStopsTheWitnessRatherThanStartingOver() throws Exception {
        cosignedByAll(signed(log, ZHANGZHOU, T), null);
        Files.writeString(stateDir.resolve(CHAOZHOU).resolve(ALLIANCE + ".json"), "{\"checkpoint\":");
        SignedCheckpoint truncated = signed(logOf(3, -1), ZHANGZHOU, T.plusSeconds(60));
        assertThatThrownBy(() -> witness(CHAOZHOU).cosign(truncated, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("corrupt");
    }
}
