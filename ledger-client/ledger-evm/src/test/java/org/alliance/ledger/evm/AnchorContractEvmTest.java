package org.alliance.ledger.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.evm.AnchorerStatus.State;
import org.alliance.ledger.evm.contract.AnchorRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.exceptions.TransactionException;

/** The anchor contract on a real geth: deployed, anchored through the anchorer, read back, and its refusals. */
class AnchorContractEvmTest extends EvmSuite {
    @TempDir
    Path dir;

    @Test
    void deployedWithCodeAndOwner() throws Exception {
        String code = web3j.ethGetCode(contract.address(), DefaultBlockParameterName.LATEST).send().getCode();
        assertThat(code).startsWith("0x").hasSizeGreaterThan(100);
        AnchorRegistry registry = AnchorRegistry.load(contract.address(), web3j, AnchorContract.signer(web3j, owner), EvmNode.Node.gas());
        assertThat(registry.owner().send()).isEqualToIgnoringCase(owner.getAddress());
    }

    @Test
    void checkpointsAnchoredAndReadBackFromEvents() throws Exception {
        Credentials submitter = submitter();
        String alliance = alliance("sha");
        String other = alliance("sm3");
        List<AnchorCheckpoint> checkpoints = List.of(checkpoint(alliance, 3, HashAlgorithm.SHA256),
                checkpoint(alliance, 8, HashAlgorithm.SHA256), checkpoint(alliance, 21, HashAlgorithm.SHA256));
        List<Anchor> anchored;
        try (EvmAnchorer anchorer = EvmAnchorer.start(settings(submitter, alliance, dir.resolve("a.journal"), 2));
             EvmAnchorer sm3 = EvmAnchorer.start(settings(submitter(), other, dir.resolve("b.journal"), 2))) {
            List<CompletableFuture<Anchor>> futures = checkpoints.stream().map(anchorer::anchor).toList();
            Anchor sm3Anchor = sm3.anchor(checkpoint(other, 5, HashAlgorithm.SM3)).get(60, TimeUnit.SECONDS);
            anchored = futures.stream().map(f -> f.orTimeout(60, TimeUnit.SECONDS).join()).toList();
            assertThat(sm3Anchor.checkpoint()).isEqualTo(checkpoint(other, 5, HashAlgorithm.SM3));
            assertThat(sm3Anchor.index()).isZero();
            assertThat(anchorer.status().state()).isEqualTo(State.IDLE);
            assertThat(anchorer.status().anchoredTreeSize()).isEqualTo(21);
        }
        assertThat(anchored).extracting(Anchor::checkpoint).containsExactlyElementsOf(checkpoints);
        assertThat(anchored).extracting(Anchor::index).containsExactly(0L, 1L, 2L);
        assertThat(anchored).allSatisfy(a -> {
            assertThat(a.gasUsed()).isPositive();
            assertThat(a.submitter()).isEqualToIgnoringCase(submitter.getAddress());
        });
        // Read back from the contract's events alone: the same anchors, in the same blocks.
        List<Anchor> events = contract.anchors(alliance);
        assertThat(events).extracting(Anchor::checkpoint).containsExactlyElementsOf(checkpoints);
        assertThat(events).extracting(Anchor::transactionHash)
                .containsExactlyElementsOf(anchored.stream().map(Anchor::transactionHash).toList());
        assertThat(events).extracting(Anchor::blockHash)
                .containsExactlyElementsOf(anchored.stream().map(Anchor::blockHash).toList());
        assertThat(contract.latestTreeSize(alliance)).isEqualTo(21);
        assertThat(contract.anchors(other)).extracting(Anchor::checkpoint)
                .containsExactly(checkpoint(other, 5, HashAlgorithm.SM3));
    }

    @Test
    void anchorsWhatTheSourceOffersOnItsSchedule() throws Exception {
        Credentials submitter = submitter();
        String alliance = alliance("schedule");
        AtomicReference<AnchorCheckpoint> latest = new AtomicReference<>();
        AnchorerSettings settings = settings(submitter, alliance, dir.resolve("schedule.journal"), 1)
                .withTimings(Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofMillis(300));
        try (EvmAnchorer anchorer = EvmAnchorer.start(settings, () -> Optional.ofNullable(latest.get()))) {
            latest.set(checkpoint(alliance, 4, HashAlgorithm.SHA256));
            awaitAnchored(anchorer, 4);
            latest.set(checkpoint(alliance, 9, HashAlgorithm.SHA256));
            awaitAnchored(anchorer, 9);
            Thread.sleep(1000); // more schedules pass, offering 9 again: it is not anchored twice
        }
        assertThat(contract.anchors(alliance)).extracting(Anchor::checkpoint)
                .containsExactly(checkpoint(alliance, 4, HashAlgorithm.SHA256), checkpoint(alliance, 9, HashAlgorithm.SHA256));
    }

    private static void awaitAnchored(EvmAnchorer anchorer, long size) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (anchorer.status().anchoredTreeSize() < size && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(anchorer.status().anchoredTreeSize()).as(anchorer.status().toString()).isEqualTo(size);
    }

    @Test
    void anUnregisteredAccountIsRefusedByTheContract() throws Exception {
        Credentials stranger = node.fundedAccount();
        String alliance = alliance("stranger");
        AnchorCheckpoint cp = checkpoint(alliance, 1, HashAlgorithm.SHA256);
        // Sent as a transaction, with gas fixed so no estimate stops it first: mined and reverted.
        AnchorRegistry asStranger = AnchorRegistry.load(contract.address(), web3j, AnchorContract.signer(web3j, stranger), EvmNode.Node.gas());
        assertThatThrownBy(() -> asStranger.anchor(alliance, BigInteger.ONE, cp.root(), BigInteger.ONE).send())
                .isInstanceOf(TransactionException.class)
                .hasMessageContaining("AnchorRegistry: sender is not a registered submitter");
        assertThat(contract.anchors(alliance)).isEmpty();
        assertThat(contract.isSubmitter(stranger.getAddress())).isFalse();

        // Through the anchorer: the future fails with the contract's reason, and the status says so.
        try (EvmAnchorer anchorer = EvmAnchorer.start(settings(stranger, alliance, dir.resolve("s.journal"), 1))) {
            CompletableFuture<Anchor> f = anchorer.anchor(cp);
            assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(EvmAnchorer.RefusedException.class)
                    .hasMessageContaining("AnchorRegistry: sender is not a registered submitter");
            awaitState(anchorer, State.REFUSED);
            assertThat(anchorer.status().healthy()).isFalse();
            assertThat(anchorer.status().detail()).contains("not a registered submitter");
        }
        assertThat(contract.anchors(alliance)).isEmpty();

        // Nor may anyone but the owner register a submitter.
        assertThatThrownBy(() -> contract.registerSubmitter(stranger, EvmNode.Node.gas(), stranger.getAddress()))
                .isInstanceOf(TransactionException.class)
                .hasMessageContaining("AnchorRegistry: only the owner manages submitters");
        assertThat(contract.isSubmitter(stranger.getAddress())).isFalse();
    }

    @Test
    void aCheckpointThatDoesNotGrowTheLogIsRefused() throws Exception {
        Credentials submitter = submitter();
        String alliance = alliance("grow");
        AnchorRegistry registry = AnchorRegistry.load(contract.address(), web3j, AnchorContract.signer(web3j, submitter), EvmNode.Node.gas());
        AnchorCheckpoint ten = checkpoint(alliance, 10, HashAlgorithm.SHA256);
        registry.anchor(alliance, BigInteger.TEN, ten.root(), BigInteger.ONE).send();
        assertThatThrownBy(() -> registry.anchor(alliance, BigInteger.TEN, ten.root(), BigInteger.ONE).send())
                .hasMessageContaining("AnchorRegistry: checkpoint does not grow the log");
        assertThatThrownBy(() -> registry.anchor(alliance, BigInteger.valueOf(11), ten.root(), BigInteger.TWO).send())
                .hasMessageContaining("AnchorRegistry: hash algorithm differs from the log's");
        assertThat(contract.anchors(alliance)).extracting(Anchor::checkpoint).containsExactly(ten);
    }

    static void awaitState(EvmAnchorer anchorer, State state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (anchorer.status().state() != state && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(anchorer.status().state()).as(anchorer.status().toString()).isEqualTo(state);
    }
}
