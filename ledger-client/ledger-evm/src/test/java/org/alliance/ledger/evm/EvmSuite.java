package org.alliance.ledger.evm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;

/** What every class of the evm suite shares: the tag, the node, and a contract with a registered submitter. */
@Tag("evm")
@ExtendWith(EvmNode.class)
abstract class EvmSuite {
    private static final AtomicInteger ALLIANCES = new AtomicInteger();
    static EvmNode.Node node;
    static Web3j web3j;
    static Credentials owner;
    static AnchorContract contract;

    @BeforeAll
    static void node() throws Exception {
        node = EvmNode.current();
        web3j = node.web3j();
        owner = node.fundedAccount();
        contract = AnchorContract.deploy(web3j, owner, EvmNode.Node.gas());
    }

    /** A funded account the owner registered as a submitter. */
    static Credentials submitter() throws Exception {
        Credentials c = node.fundedAccount();
        contract.registerSubmitter(owner, EvmNode.Node.gas(), c.getAddress());
        return c;
    }

    /** An alliance id no other test of this run uses, so each test reads only its own anchors. */
    static String alliance(String name) {
        return name + "-" + ProcessHandle.current().pid() + "-" + ALLIANCES.incrementAndGet();
    }

    /** Checkpoint {@code size} of an alliance, with a root made from its size. */
    static AnchorCheckpoint checkpoint(String alliance, long size, HashAlgorithm alg) {
        return new AnchorCheckpoint(alliance, size, alg.digest(("root " + size).getBytes(StandardCharsets.UTF_8)), alg);
    }

    /** Settings for tests: quick polls, few confirmations. */
    static AnchorerSettings settings(Credentials submitter, String alliance, Path journal, int confirmations) {
        return AnchorerSettings.of(node.url, submitter, contract.address(), alliance, journal)
                .withConfirmations(confirmations)
                .withTimings(Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ZERO);
    }
}
