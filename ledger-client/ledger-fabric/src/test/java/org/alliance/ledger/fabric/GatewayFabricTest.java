package org.alliance.ledger.fabric;

import org.alliance.ledger.core.ledger.CommittedBatch;
import org.alliance.ledger.core.ledger.Submission;
import org.alliance.ledger.core.ledger.CommitStatus;
import org.alliance.ledger.core.ledger.EndorsementException;
import org.alliance.ledger.core.ledger.EvaluationException;
import org.alliance.ledger.core.ledger.ValidationException;
import org.alliance.ledger.core.ledger.UnknownOutcomeException;
import org.alliance.ledger.core.ledger.CommittedEvents;
import static org.alliance.ledger.fabric.FabricAlliance.CZ;
import static org.alliance.ledger.fabric.FabricAlliance.ITEM;
import static org.alliance.ledger.fabric.FabricAlliance.ZZ;
import static org.alliance.ledger.fabric.FabricAlliance.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.alliance.ledger.core.ledger.PendingBatch;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.CertificateAction;
import org.alliance.ledger.core.record.CertificateBody;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.BatchReceipt;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.record.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Gateway client's own behaviour on the real network: asynchronous submit and commit status
 * by transaction id, idempotent resubmission, dry runs over pending batches, identities whose
 * certificate carries no role or the wrong one, and failover to a second gateway peer.
 */
class GatewayFabricTest extends FabricSuite {

    SignedRecord receive(String org, String caseId, Instant time) {
        return alliance.next(org, caseId, time, new CaseBody(caseId, alliance.agreementId, ITEM, ZZ, CZ,
                alliance.subjectRef(), null, List.of(alliance.doc("transfer-application")), false));
    }

    @Test
    void submitAsyncReturnsTheTransactionIdAndStatusFindsItsCommit() {
        String caseId = "async-" + alliance.run;
        SignedRecord r = receive(ZZ, caseId, alliance.agreed.plusSeconds(60));
        FabricLedger zz = alliance.ledger(ZZ);
        Submission s = zz.submitAsync(caller(ZZ, Role.CLERK), List.of(r));
        assertThat(s.ordered()).isTrue();
        assertThat(s.receipt().batchId()).isEqualTo(s.transactionId());
        CommitStatus status = zz.status(s.transactionId());
        assertThat(status.valid()).isTrue();
        assertThat(status.blockNumber()).isPositive();
        // Any org finds the same commit by id.
        assertThat(alliance.ledger(CZ).status(s.transactionId())).isEqualTo(status);
        alliance.committedEverywhere(s.receipt());
        assertThat(alliance.ledger(CZ).record(caseId).orElseThrow().batchId()).isEqualTo(s.transactionId());

        // A resubmission of identical records is acknowledged again without being ordered.
        Submission again = zz.submitAsync(caller(ZZ, Role.CLERK), List.of(r));
        assertThat(again.ordered()).isFalse();
        assertThat(again.receipt().records()).singleElement().satisfies(e -> {
            assertThat(e.duplicate()).isTrue();
            assertThat(e.batchId()).isEqualTo(s.transactionId());
        });
        BatchReceipt viaSubmit = zz.submit(caller(ZZ, Role.CLERK), List.of(r));
        assertThat(viaSubmit.records().get(0).duplicate()).isTrue();
    }

    @Test
    void aTransactionIdWithNoCommitIsUnknownOnceTheCallersTimeoutPasses() {
        String unknown = "0".repeat(64);
        FabricLedger impatient = alliance.ledger(ZZ).withTimeouts(Timeouts.DEFAULTS.withCommitStatus(Duration.ofSeconds(2)));
        long start = System.nanoTime();
        assertThatThrownBy(() -> impatient.status(unknown)).isInstanceOfSatisfying(UnknownOutcomeException.class,
                e -> assertThat(e.transactionId()).isEqualTo(unknown));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aDryRunJudgesTheCandidateAfterThePendingBatchesAndWritesNothing() {
        String caseId = "dry-" + alliance.run;
        Instant t = alliance.agreed.plusSeconds(120);
        SignedRecord receive = receive(ZZ, caseId, t);
        SignedRecord forward = alliance.signer(ZZ).createAfter(caseId + "/forward", t.plusSeconds(60), receive,
                new org.alliance.ledger.core.record.CaseStepBody(caseId, CaseAction.FORWARD, CaseState.RECEIVED,
                        CaseState.FORWARDED, Role.CLERK, List.of()));
        FabricLedger zz = alliance.ledger(ZZ);
        refused(ErrorCode.UNKNOWN_CASE,
                () -> zz.simulate(List.of(), caller(ZZ, Role.CLERK), List.of(forward)));
        zz.simulate(List.of(new PendingBatch(caller(ZZ, Role.CLERK), List.of(receive))), caller(ZZ, Role.CLERK),
                List.of(forward));
        assertThat(zz.record(caseId)).isEmpty();
        // The dry run agrees with the submits that follow it.
        alliance.committedEverywhere(zz.submit(caller(ZZ, Role.CLERK), List.of(receive)));
        zz.simulate(List.of(), caller(ZZ, Role.CLERK), List.of(forward));
        zz.submit(caller(ZZ, Role.CLERK), List.of(forward));
        assertThat(zz.caseTimeline(caseId, null).status().state()).isEqualTo(CaseState.FORWARDED);
    }

    @Test
    void aCertificateWithoutARoleOrWithTheWrongRoleIsRefusedWithTheRulesCode() throws Exception {
        Path noRole = enrollWithoutRole("zhangzhou", ZZ);
        int zzIndex = FabricAlliance.index(ZZ);
        // Each identity is offered as the clerk the call is for; the chaincode reads the certificate.
        FabricLedger withoutRole = alliance.keep(FabricLedger.builder().gatewayPeers(ZZ, alliance.peers(zzIndex))
                .user(FabricUser.fromMspDir(ZZ, Role.CLERK, noRole)).build());
        FabricLedger approverAsClerk = alliance.keep(FabricLedger.builder().gatewayPeers(ZZ, alliance.peers(zzIndex))
                .user(FabricUser.fromMspDir(ZZ, Role.CLERK, alliance.network.users("zhangzhou", "approver"))).build());
        String caseId = "role-" + alliance.run;
        SignedRecord r = receive(ZZ, caseId, alliance.agreed.plusSeconds(180));
        refused(ErrorCode.WRONG_ROLE, () -> withoutRole.submit(caller(ZZ, Role.CLERK), List.of(r)));
        refused(ErrorCode.WRONG_ROLE, () -> approverAsClerk.submit(caller(ZZ, Role.CLERK), List.of(r)));
        // A clerk may receive but not issue a certificate.
        alliance.committedEverywhere(alliance.ledger(ZZ).submit(caller(ZZ, Role.CLERK), List.of(r)));
        String certId = alliance.certificateId(1);
        SignedRecord cert = alliance.next(ZZ, certId + "/issue", alliance.agreed.plusSeconds(240),
                new CertificateBody(CertificateAction.ISSUE, certId, "SIT01", caseId,
                        alliance.subjectRef(), alliance.doc("certificate-file"), "2026-12-01", null, null));
        refused(ErrorCode.WRONG_ROLE, () -> alliance.ledger(ZZ).submit(caller(ZZ, Role.CLERK), List.of(cert)));
        assertThat(alliance.ledger(ZZ).record(caseId)).isPresent();
        assertThat(alliance.ledger(ZZ).record(cert.record().id())).isEmpty();
    }

    /**
     * Identities the network itself must refuse, before any rule runs: a certificate from a CA
     * that is no member's (claiming a member's MSP id), and a member's certificate whose requests
     * are signed with another key. The client reports each as a refusal by the network, not as a
     * rule's code, and nothing is written.
     */
    @Test
    void anIdentityFromNoMemberOrWithABadSignatureIsRefusedByTheNetwork(@TempDir Path dir) throws Exception {
        int zzIndex = FabricAlliance.index(ZZ);
        Path strangerCa = strangerCa(dir);
        Path stranger = dir.resolve("stranger/msp");
        FabricNetwork.Result enrolled = FabricNetwork.run(alliance.network.repo, List.of("./alliance", "cli", "fabric",
                "enroll", "--ca-cert", strangerCa.resolve("ca.pem").toString(), "--ca-key",
                strangerCa.resolve("ca.key").toString(), "--msp-id", ZZ, "--name", "stranger", "--role", "clerk",
                "--out", stranger.toString()), Map.of(), Duration.ofSeconds(60), dir.resolve("enroll-stranger.log"));
        assertThat(enrolled.exit()).as(enrolled.tail(20)).isZero();
        // A real clerk's certificate with a key of its own making: the signatures do not verify.
        Path forged = dir.resolve("forged/msp");
        copyTree(alliance.network.users("zhangzhou", "clerk"), forged);
        Path keystore = forged.resolve("keystore");
        try (var keys = Files.list(keystore)) {
            for (Path k : keys.toList()) {
                Files.delete(k);
            }
        }
        Files.copy(stranger.resolve("keystore").resolve(onlyFile(stranger.resolve("keystore"))),
                keystore.resolve("priv_sk"));

        String caseId = "stranger-" + alliance.run;
        SignedRecord r = receive(ZZ, caseId, alliance.agreed.plusSeconds(200));
        for (Path msp : List.of(stranger, forged)) {
            FabricLedger outsider = alliance.keep(FabricLedger.builder().gatewayPeers(ZZ, alliance.peers(zzIndex))
                    .user(FabricUser.fromMspDir(ZZ, Role.CLERK, msp)).build());
            // The peer checks the creator against the channel's MSPs and the proposal's signature
            // against the creator's certificate before any chaincode runs.
            assertThatThrownBy(() -> outsider.submit(caller(ZZ, Role.CLERK), List.of(r)))
                    .as("submit as %s", msp.getParent().getFileName())
                    .isInstanceOf(EndorsementException.class).hasMessageContaining("access denied");
            assertThatThrownBy(() -> outsider.record(caseId + "/receive"))
                    .as("evaluate as %s", msp.getParent().getFileName())
                    .isInstanceOf(EvaluationException.class).hasMessageContaining("access denied");
        }
        assertThat(alliance.ledger(ZZ).record(r.record().id())).isEmpty();
    }

    /** A self-signed ECDSA P-256 CA that no member's MSP lists, made with OpenSSL as anyone could. */
    private static Path strangerCa(Path dir) throws Exception {
        Path ca = Files.createDirectories(dir.resolve("stranger-ca"));
        for (List<String> command : List.of(
                List.of("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "sec1.key"),
                List.of("openssl", "pkcs8", "-topk8", "-nocrypt", "-in", "sec1.key", "-out", "ca.key"),
                List.of("openssl", "req", "-x509", "-new", "-key", "ca.key", "-subj", "/O=stranger/CN=ca.stranger",
                        "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE",
                        "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", "ca.pem"))) {
            Process p = new ProcessBuilder(command).directory(ca.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        }
        return ca;
    }

    private static Path onlyFile(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.findFirst().orElseThrow().getFileName();
        }
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void aClientWhosePeerIsDownCarriesOnThroughTheSecondGatewayPeer(@TempDir Path dir) throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        int zzIndex = FabricAlliance.index(ZZ);
        PeerEndpoint down = new PeerEndpoint("127.0.0.1", deadPort, alliance.network.tlsRoot("zhangzhou"), null);
        List<PeerEndpoint> peers = List.of(down, alliance.peers(FabricAlliance.index(CZ)).get(0));
        FabricLedger zz = alliance.keep(alliance.ledger(zzIndex, List.of(Role.AUDITOR, Role.CLERK), peers).build());
        String caseId = "failover-" + alliance.run;
        BatchReceipt receipt = alliance.committedEverywhere(
                zz.submit(caller(ZZ, Role.CLERK), List.of(receive(ZZ, caseId, alliance.agreed.plusSeconds(300)))));
        assertThat(zz.status(receipt.batchId()).valid()).isTrue();
        assertThat(zz.record(caseId)).isPresent();
        assertThat(alliance.ledger(ZZ).record(caseId)).isPresent();

        // A listener whose first peer is down reads the committed batches through the second.
        FabricLedger listener = alliance.keep(alliance.ledger(zzIndex, List.of(Role.AUDITOR), peers).build());
        try (CommittedEvents events = listener.committedEvents(dir.resolve("checkpoint"))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String seen = "";
            while (!seen.equals(receipt.batchId())) {
                assertThat(System.nanoTime()).as("the batch arrives within 60 s").isLessThan(deadline);
                seen = events.poll(Duration.ofSeconds(5)).map(CommittedBatch::transactionId).orElse("");
            }
        }
    }

    @Test
    void aSubmitWhoseAnswerIsLostIsResolvedByStatusAndNeverRecordedTwice() {
        String caseId = "lost-" + alliance.run;
        SignedRecord r = receive(ZZ, caseId, alliance.agreed.plusSeconds(360));
        // So short a submit timeout that the answer (and maybe the request) is lost every time.
        FabricLedger hasty = alliance.ledger(ZZ).withTimeouts(new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofMillis(1), Duration.ofSeconds(3)));
        String outcome;
        try {
            BatchReceipt first = hasty.submit(caller(ZZ, Role.CLERK), List.of(r));
            outcome = "committed in " + first.batchId();
        } catch (UnknownOutcomeException e) {
            outcome = "unknown: " + e.transactionId();
        }
        // Whatever the first answer was, a retry leaves exactly one copy, in one batch.
        BatchReceipt retry = alliance.committedEverywhere(alliance.ledger(ZZ).submit(caller(ZZ, Role.CLERK), List.of(r)));
        String batchId = retry.records().get(0).batchId();
        assertThat(alliance.ledger(CZ).record(caseId).orElseThrow().batchId()).as(outcome).isEqualTo(batchId);
        assertThat(alliance.ledger(CZ).batch(batchId).orElseThrow().leafHashes()).as(outcome).hasSize(1);
        assertThat(alliance.ledger(CZ).recordsByOrg(ZZ, null, null, 1000, "").items())
                .filteredOn(ref -> ref.id().equals(caseId)).as(outcome).hasSize(1);
        if (outcome.startsWith("committed")) {
            assertThat(retry.records().get(0).duplicate()).isTrue();
        }
    }

    @Test
    void twoConcurrentStepsOnOneCaseCommitOnceAndTheLoserIsTypedByItsStage() throws Exception {
        int validationFailures = 0;
        for (int round = 0; round < 4 && validationFailures == 0; round++) {
            String caseId = "race-" + round + "-" + alliance.run;
            Instant t = alliance.agreed.plusSeconds(420 + round);
            SignedRecord receive = receive(ZZ, caseId, t);
            alliance.committedEverywhere(alliance.ledger(ZZ).submit(caller(ZZ, Role.CLERK), List.of(receive)));
            List<SignedRecord> forwards = List.of("a", "b").stream().map(x -> alliance.signer(ZZ).createAfter(
                    caseId + "/forward-" + x, t.plusSeconds(1), receive, new org.alliance.ledger.core.record.CaseStepBody(
                            caseId, CaseAction.FORWARD, CaseState.RECEIVED, CaseState.FORWARDED, Role.CLERK, List.of())))
                    .toList();
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            List<java.util.concurrent.CompletableFuture<Object>> results = forwards.stream()
                    .map(f -> java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try {
                            start.await();
                            return (Object) alliance.ledger(ZZ).submit(caller(ZZ, Role.CLERK), List.of(f));
                        } catch (RuntimeException e) {
                            return e;
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    })).toList();
            List<Object> outcomes = new java.util.ArrayList<>();
            for (var f : results) {
                outcomes.add(f.get(90, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(outcomes).filteredOn(BatchReceipt.class::isInstance).hasSize(1);
            Object loser = outcomes.stream().filter(o -> !(o instanceof BatchReceipt)).findFirst().orElseThrow();
            if (loser instanceof ValidationException v) {
                // Both were endorsed against the same state; the peers kept the first one ordered. In
                // a later block the loser conflicts on what it read; in the same block it fails the
                // owner policy that the winner has just set on the case key.
                assertThat(v.validationCode()).isIn("MVCC_READ_CONFLICT", "ENDORSEMENT_POLICY_FAILURE");
                assertThat(alliance.ledger(ZZ).status(v.transactionId()).valid()).isFalse();
                validationFailures++;
            } else {
                // The winner committed before the loser was endorsed: the rules refused it.
                assertThat(loser).isInstanceOfSatisfying(org.alliance.ledger.core.error.RuleException.class,
                        e -> assertThat(e.code()).isIn(ErrorCode.PREV_MISMATCH, ErrorCode.WRONG_STATE));
            }
            assertThat(alliance.ledger(ZZ).caseTimeline(caseId, null).steps()).hasSize(2);
        }
        assertThat(validationFailures).as("a validation conflict in 4 rounds of simultaneous steps").isPositive();
    }

    /** Enrolls a client identity of the org whose certificate carries no role, with the project's own tool. */
    private static Path enrollWithoutRole(String org, String mspId) {
        Path out = alliance.state().resolve("users").resolve(org).resolve("norole-" + alliance.run).resolve("msp");
        Path ca = alliance.network.orgCa(org);
        FabricNetwork.Result r = FabricNetwork.run(alliance.network.repo, List.of("./alliance", "cli", "fabric", "enroll",
                "--ca-cert", ca.resolve("ca." + org + ".alliance-cert.pem").toString(), "--ca-key",
                ca.resolve("priv_sk").toString(), "--msp-id", mspId, "--name", "norole", "--out", out.toString()),
                Map.of(), Duration.ofSeconds(60), alliance.state().resolveSibling("enroll-norole.log"));
        assertThat(r.exit()).as(r.tail(20)).isZero();
        return out;
    }
}
