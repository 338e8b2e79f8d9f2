package org.alliance.ledger.embedded;

import static org.alliance.ledger.embedded.TestAlliance.AUDIT;
import static org.alliance.ledger.embedded.TestAlliance.AUDITOR;
import static org.alliance.ledger.embedded.TestAlliance.CHAOZHOU;
import static org.alliance.ledger.embedded.TestAlliance.CZ_ADMIN;
import static org.alliance.ledger.embedded.TestAlliance.ZZ_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.alliance.ledger.core.bundle.BundleVerifier;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.alliance.ledger.core.bundle.TrustStore;
import org.alliance.ledger.core.bundle.Verdict;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.ledger.PendingBatch;
import org.alliance.ledger.core.record.PersonalDataScanner;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.BatchReceipt;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.error.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedLedgerTest {
    @TempDir
    Path dir;

    /**
     * Every block any test wrote, records and header, is free of personal data: the rules scan
     * records on input, and this checks that nothing the ledger adds brings any back.
     */
    @AfterEach
    void blocksHoldNoPersonalData() throws IOException {
        List<Path> logs;
        try (Stream<Path> files = Files.walk(dir)) {
            logs = files.filter(f -> f.getFileName().toString().equals(EmbeddedLedger.BLOCKS_FILE)).toList();
        }
        for (Path log : logs) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                assertThat(PersonalDataScanner.scanStored(line.getBytes(StandardCharsets.UTF_8)))
                        .as("personal data in a block of %s", log).isEmpty();
            }
        }
    }

    private EmbeddedLedgerConfig config() {
        return EmbeddedLedgerConfig.defaults(dir, "AuditMSP").withClock(TestAlliance.CLOCK);
    }

    private EmbeddedLedger open() {
        return EmbeddedLedger.open(config());
    }

    /** Builds a ledger with three blocks: a proposal and two signatures. */
    private SignedRecord threeBlocks() {
        SignedRecord proposal = TestAlliance.proposal("agr-1");
        try (EmbeddedLedger ledger = open()) {
            ledger.submit(ZZ_ADMIN, List.of(proposal));
            SignedRecord chaozhou = TestAlliance.sign(CHAOZHOU, proposal, proposal);
            ledger.submit(CZ_ADMIN, List.of(chaozhou));
            ledger.submit(new Caller("AuditMSP", Role.ADMIN, "admin@audit"), List.of(TestAlliance.sign(AUDIT, proposal, chaozhou)));
            assertThat(ledger.height()).isEqualTo(3);
        }
        return proposal;
    }

    @Test
    void recordsSurviveARestart() {
        SignedRecord proposal = threeBlocks();
        try (EmbeddedLedger ledger = open()) {
            assertThat(ledger.height()).isEqualTo(3);
            assertThat(ledger.record(proposal.record().id())).hasValueSatisfying(
                    s -> assertThat(s.signedRecord()).isEqualTo(proposal));
            assertThat(ledger.agreement("agr-1").agreementId()).isEqualTo("agr-1");
        }
    }

    /** Builds a small ledger of two blocks: a proposal and one signature. */
    private void twoBlocks() {
        SignedRecord proposal = TestAlliance.proposal("agr-small");
        try (EmbeddedLedger ledger = open()) {
            ledger.submit(ZZ_ADMIN, List.of(proposal));
            ledger.submit(CZ_ADMIN, List.of(TestAlliance.sign(CHAOZHOU, proposal, proposal)));
        }
    }

    /** Opens the ledger expecting tamper detection; closes it if it opened after all. */
    private void assertTampered(String what) {
        Throwable t = catchThrowable(() -> open().close());
        assertThat(t).as(what).isInstanceOf(LedgerTamperedException.class);
    }

    @Test
    void everySingleByteChangeIsDetectedOnOpen() throws IOException {
        twoBlocks();
        Path blocks = dir.resolve(EmbeddedLedger.BLOCKS_FILE);
        byte[] original = Files.readAllBytes(blocks);
        // Every line end, the first and last byte, and a random sample of the rest, each changed
        // by one random bit: opening verifies every block, so each open costs a replay.
        Set<Integer> positions = new TreeSet<>(List.of(0, original.length - 1));
        for (int i = 0; i < original.length; i++) {
            if (original[i] == '\n') {
                positions.add(i);
            }
        }
        Random random = new Random(42);
        while (positions.size() < 220) {
            positions.add(random.nextInt(original.length));
        }
        for (int pos : positions) {
            byte[] changed = original.clone();
            int mask = 1 << random.nextInt(8);
            changed[pos] ^= (byte) mask;
            Files.write(blocks, changed);
            assertTampered("byte " + pos + " ^ " + mask);
        }
        Files.write(blocks, original);
        try (EmbeddedLedger ledger = open()) {
            assertThat(ledger.height()).isEqualTo(2);
        }
    }

    @Test
    void everySingleByteChangeOfTheNodeKeyIsDetected() throws IOException {
        twoBlocks();
        Path key = dir.resolve(NodeKey.FILE_NAME);
        byte[] original = Files.readAllBytes(key);
        for (int pos = 0; pos < original.length; pos += 4) {
            byte[] changed = original.clone();
            changed[pos] ^= 0x01;
            Files.write(key, changed);
            assertTampered("node key byte " + pos);
        }
    }

    @Test
    void tamperReportNamesBlockOffsetAndFailure() throws IOException {
        threeBlocks();
        Path blocks = dir.resolve(EmbeddedLedger.BLOCKS_FILE);
        List<String> lines = Files.readAllLines(blocks, StandardCharsets.UTF_8);
        long secondOffset = lines.get(0).getBytes(StandardCharsets.UTF_8).length + 1;
        // Swap blocks 1 and 2: each is intact and signed, but the order is not.
        Files.write(blocks, List.of(lines.get(0), lines.get(2), lines.get(1)), StandardCharsets.UTF_8);
        assertThatThrownBy(this::open).isInstanceOfSatisfying(LedgerTamperedException.class, e -> {
            assertThat(e.blockNumber()).isEqualTo(1);
            assertThat(e.offset()).isEqualTo(secondOffset);
            assertThat(e.failure()).isEqualTo(LedgerTamperedException.Failure.NUMBER);
        });
        // Drop block 1: block 2 no longer chains.
        Files.write(blocks, List.of(lines.get(0), lines.get(2)), StandardCharsets.UTF_8);
        assertThatThrownBy(this::open).isInstanceOfSatisfying(LedgerTamperedException.class,
                e -> assertThat(e.failure()).isIn(LedgerTamperedException.Failure.NUMBER,
                        LedgerTamperedException.Failure.HASH_CHAIN));
    }

    @Test
    void aTornLastWriteIsCutOffAndTheLedgerOpens() throws IOException {
        threeBlocks();
        Path blocks = dir.resolve(EmbeddedLedger.BLOCKS_FILE);
        byte[] intact = Files.readAllBytes(blocks);
        Files.write(blocks, "{\"header\":{\"number\":3,".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);
        try (EmbeddedLedger ledger = open()) {
            assertThat(ledger.height()).isEqualTo(3);
        }
        assertThat(Files.readAllBytes(blocks)).isEqualTo(intact);
    }

    @Test
    void aRefusedActionLeavesTheFilesByteIdentical() throws IOException {
        SignedRecord proposal = TestAlliance.proposal("agr-2");
        try (EmbeddedLedger ledger = open()) {
            ledger.submit(ZZ_ADMIN, List.of(proposal));
            byte[] before = Files.readAllBytes(dir.resolve(EmbeddedLedger.BLOCKS_FILE));
            // An auditor never writes.
            assertThatThrownBy(() -> ledger.submit(AUDITOR, List.of(TestAlliance.sign(AUDIT, proposal, proposal))))
                    .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.READ_ONLY));
            // A signature of an agreement that does not exist.
            SignedRecord unknown = TestAlliance.sign(CHAOZHOU, TestAlliance.proposal("agr-none"), TestAlliance.proposal("agr-none"));
            assertThatThrownBy(() -> ledger.submit(CZ_ADMIN, List.of(unknown))).isInstanceOf(RuleException.class);
            assertThat(Files.readAllBytes(dir.resolve(EmbeddedLedger.BLOCKS_FILE))).isEqualTo(before);
            assertThat(ledger.height()).isEqualTo(1);
            assertThat(ledger.record(unknown.record().id())).isEmpty();
        }
    }

    @Test
    void aDryRunJudgesLikeSubmitWithPendingBatchesAndWritesNothing() throws IOException {
        SignedRecord committed = TestAlliance.proposal("agr-dry-1");
        SignedRecord pending = TestAlliance.proposal("agr-dry-2");
        SignedRecord signature = TestAlliance.sign(CHAOZHOU, pending, pending);
        try (EmbeddedLedger ledger = open()) {
            ledger.submit(ZZ_ADMIN, List.of(committed));
            byte[] before = Files.readAllBytes(dir.resolve(EmbeddedLedger.BLOCKS_FILE));
            // Without its proposal the signature is refused, with the code submit gives.
            ErrorCode submitCode = ((RuleException) catchThrowable(() -> ledger.submit(CZ_ADMIN, List.of(signature)))).code();
            assertThatThrownBy(() -> ledger.simulate(List.of(), CZ_ADMIN, List.of(signature)))
                    .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).isEqualTo(submitCode));
            assertThatThrownBy(() -> ledger.simulate(List.of(), AUDITOR, List.of(TestAlliance.sign(AUDIT, committed, committed))))
                    .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.READ_ONLY));
            // With the proposal pending it is accepted; the committed proposal in the backlog is a no-op.
            ledger.simulate(List.of(new PendingBatch(ZZ_ADMIN, List.of(committed)), new PendingBatch(ZZ_ADMIN, List.of(pending))),
                    CZ_ADMIN, List.of(signature));
            // A refused pending batch refuses the dry run.
            assertThatThrownBy(() -> ledger.simulate(List.of(new PendingBatch(AUDITOR, List.of(pending))), CZ_ADMIN,
                    List.of(signature)))
                    .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.READ_ONLY));
            assertThat(Files.readAllBytes(dir.resolve(EmbeddedLedger.BLOCKS_FILE))).isEqualTo(before);
            assertThat(ledger.height()).isEqualTo(1);
            assertThat(ledger.record(pending.record().id())).isEmpty();
            assertThat(ledger.record(signature.record().id())).isEmpty();
            ledger.submit(ZZ_ADMIN, List.of(pending));
            ledger.submit(CZ_ADMIN, List.of(signature));
            assertThat(ledger.height()).isEqualTo(3);
        }
    }

    /**
     * A dry run whose backlog holds the record a concurrent submit is committing must judge it as
     * wholly pending or wholly committed, never half: with the record key still absent but its
     * agreement head already present, the backlog would be refused and a valid candidate with it.
     */
    @Test
    void aDryRunReadsOneCommittedStateWhileTheSameRecordCommits() throws Exception {
        int rounds = 400;
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (EmbeddedLedger ledger = open()) {
            int refused = 0;
            for (int i = 0; i < rounds; i++) {
                SignedRecord backlog = TestAlliance.proposal("agr-race-" + i);
                SignedRecord candidate = TestAlliance.proposal("agr-race-candidate-" + i);
                CountDownLatch go = new CountDownLatch(1);
                Future<?> commit = pool.submit(() -> {
                    go.await();
                    return ledger.submit(ZZ_ADMIN, List.of(backlog));
                });
                go.countDown();
                for (int k = 0; k < 20; k++) {
                    try {
                        ledger.simulate(List.of(new PendingBatch(ZZ_ADMIN, List.of(backlog))), ZZ_ADMIN, List.of(candidate));
                    } catch (RuleException e) {
                        refused++;
                    }
                }
                commit.get(30, TimeUnit.SECONDS);
            }
            assertThat(refused).as("dry runs refused while their backlog committed").isZero();
            assertThat(ledger.height()).isEqualTo(rounds);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void resubmittingTheSameRecordsAddsNothing() throws IOException {
        SignedRecord proposal = TestAlliance.proposal("agr-3");
        try (EmbeddedLedger ledger = open()) {
            BatchReceipt first = ledger.submit(ZZ_ADMIN, List.of(proposal));
            byte[] before = Files.readAllBytes(dir.resolve(EmbeddedLedger.BLOCKS_FILE));
            BatchReceipt again = ledger.submit(ZZ_ADMIN, List.of(proposal));
            assertThat(again.records()).extracting(BatchReceipt.Entry::hash)
                    .isEqualTo(first.records().stream().map(BatchReceipt.Entry::hash).toList());
            assertThat(ledger.height()).isEqualTo(1);
            assertThat(Files.readAllBytes(dir.resolve(EmbeddedLedger.BLOCKS_FILE))).isEqualTo(before);
        }
    }

    @Test
    void concurrentSubmissionsAndQueriesAllCommitAndReplay() throws Exception {
        int writers = 4;
        int perWriter = 3;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
        try (EmbeddedLedger ledger = open()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int ww = w;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        ledger.submit(ZZ_ADMIN, List.of(TestAlliance.proposal("agr-c" + ww + "-" + i)));
                    }
                }));
            }
            for (int r = 0; r < 2; r++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        ledger.recordsByTime(null, null, 10, "");
                        ledger.height();
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(ledger.height()).isEqualTo(writers * perWriter);
        } finally {
            pool.shutdownNow();
        }
        try (EmbeddedLedger ledger = open()) {
            assertThat(ledger.height()).isEqualTo(writers * perWriter);
        }
    }

    @Test
    void bundlesVerifyAgainstTheOrgAndNodeKeys() {
        SignedRecord proposal = threeBlocks();
        try (EmbeddedLedger ledger = open()) {
            TrustStore trust = TestAlliance.trust(ledger);
            EvidenceBundle bundle = ledger.bundle(proposal.record().id());
            Verdict verdict = new BundleVerifier(trust).verify(EvidenceBundle.parse(bundle.toCanonicalJson()));
            assertThat(verdict.checks()).allMatch(c -> c.outcome() == Verdict.Outcome.PASS);
            assertThat(verdict.valid()).isTrue();
            String signId = "agr-1/v1/sign/AuditMSP";
            assertThat(new BundleVerifier(trust).verify(ledger.bundle(signId)).valid()).isTrue();

            KeyPair stranger = Keys.generate(SignatureAlgorithm.SM2);
            TrustStore wrong = TrustStore.fromPems(Map.of("ZhangzhouMSP.pem", Keys.toPem(stranger.getPublic()),
                    "AuditMSP.pem", Keys.toPem(stranger.getPublic())));
            assertThat(new BundleVerifier(wrong).verify(bundle).status()).isEqualTo(Verdict.Status.INVALID);
            assertThatThrownBy(() -> ledger.bundle("no-such-record"))
                    .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_RECORD));
        }
    }

    @Test
    void smChainWithConfiguredSm2NodeKey() throws IOException {
        KeyPair nodeKey = Keys.generate(SignatureAlgorithm.SM2);
        Path pem = Files.writeString(dir.resolve("configured.pem"), Keys.toPem(nodeKey.getPrivate()));
        Path data = dir.resolve("sm");
        EmbeddedLedgerConfig cfg = EmbeddedLedgerConfig.defaults(data, "ZhangzhouMSP").withClock(TestAlliance.CLOCK)
                .withAlgorithms(HashAlgorithm.SM3, SignatureAlgorithm.SM2).withNodeKey(pem);
        SignedRecord proposal = TestAlliance.proposal("agr-sm");
        try (EmbeddedLedger ledger = EmbeddedLedger.open(cfg)) {
            ledger.submit(ZZ_ADMIN, List.of(proposal));
            assertThat(ledger.nodePublicKey().getEncoded()).isEqualTo(nodeKey.getPublic().getEncoded());
            assertThat(ledger.chainAlgorithm()).isEqualTo(HashAlgorithm.SM3);
            assertThat(new BundleVerifier(TestAlliance.trust(ledger)).verify(ledger.bundle(proposal.record().id())).valid())
                    .isTrue();
        }
        assertThat(Files.exists(data.resolve(NodeKey.FILE_NAME))).isFalse();
        // Another key cannot take over the chain: its blocks are not signed by it.
        Path other = Files.writeString(dir.resolve("other.pem"), Keys.toPem(Keys.generate(SignatureAlgorithm.SM2).getPrivate()));
        assertThatThrownBy(() -> EmbeddedLedger.open(cfg.withNodeKey(other))).isInstanceOfSatisfying(
                LedgerTamperedException.class, e -> assertThat(e.failure()).isEqualTo(LedgerTamperedException.Failure.SIGNATURE));
    }

    @Test
    void generatedNodeKeyIsPrivateAndReused() throws IOException {
        String pem;
        try (EmbeddedLedger ledger = open()) {
            pem = ledger.nodePublicKeyPem();
        }
        Path key = dir.resolve(NodeKey.FILE_NAME);
        if (Files.getFileStore(key).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(key))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
        try (EmbeddedLedger ledger = open()) {
            assertThat(ledger.nodePublicKeyPem()).isEqualTo(pem);
        }
    }

    @Test
    void aDataDirectoryIsOpenedOnceAndAClosedLedgerRefusesWork() {
        EmbeddedLedger ledger = open();
        try {
            assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class);
        } finally {
            ledger.close();
        }
        assertThatThrownBy(() -> ledger.submit(ZZ_ADMIN, List.of(TestAlliance.proposal("agr-x"))))
                .isInstanceOf(IllegalStateException.class);
        open().close();
    }
}
