package org.alliance.ledger.evm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.utils.Convert;

/**
 * The evm suite's node: the one at {@code ALLIANCE_TEST_EVM_URL} when that is set (CI starts it),
 * else a geth --dev started with the project's {@code network/evm/up} on 127.0.0.1:17910 in
 * {@code target/evm-node}, and stopped with {@code network/evm/down} when the run ends.
 *
 * <p>Where up finds no geth, the suite is skipped with one line on stderr, unless
 * {@code ALLIANCE_REQUIRED_SUITES} names evm: then every test fails with the reason.
 */
public final class EvmNode implements BeforeAllCallback {
    static final int OWN_PORT = 17910;
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(2);

    /** The run's node, or why there is none; closed by JUnit when the run ends. */
    static final class Node implements AutoCloseable {
        final String url;
        final String skipReason;
        final String failure;
        private final Path state;
        private Web3j web3j;

        Node(String url, String skipReason, String failure, Path state) {
            this.url = url;
            this.skipReason = skipReason;
            this.failure = failure;
            this.state = state;
        }

        synchronized Web3j web3j() {
            if (web3j == null) {
                web3j = Web3j.build(new HttpService(url));
            }
            return web3j;
        }

        /** A new account with 10 ether from the dev account (geth --dev unlocks it for eth_sendTransaction). */
        Credentials fundedAccount() throws Exception {
            Credentials c = Credentials.create(Keys.createEcKeyPair());
            String dev = web3j().ethAccounts().send().getAccounts().get(0);
            String hash = web3j().ethSendTransaction(Transaction.createEtherTransaction(dev, null, null, null,
                    c.getAddress(), Convert.toWei("10", Convert.Unit.ETHER).toBigIntegerExact())).send()
                    .getTransactionHash();
            receipt(hash, Duration.ofSeconds(30));
            return c;
        }

        /** Waits for a transaction's receipt, bounded. */
        TransactionReceipt receipt(String hash, Duration max) throws Exception {
            long deadline = System.nanoTime() + max.toNanos();
            while (System.nanoTime() < deadline) {
                var r = web3j().ethGetTransactionReceipt(hash).send().getTransactionReceipt();
                if (r.isPresent()) {
                    return r.get();
                }
                Thread.sleep(200);
            }
            throw new AssertionError("no receipt for " + hash + " after " + max);
        }

        /** Gas for the owner's calls: a legacy price well above the dev chain's base fee. */
        static ContractGasProvider gas() {
            return new StaticGasProvider(Convert.toWei("5", Convert.Unit.GWEI).toBigIntegerExact(), BigInteger.valueOf(3_000_000));
        }

        @Override
        public void close() {
            if (web3j != null) {
                web3j.shutdown();
            }
            if (state != null) {
                Result r = run("down", state, OWN_PORT);
                System.err.println("evm suite: network/evm/down exited " + r.exit);
            }
        }
    }

    private static volatile Node current;

    @Override
    public void beforeAll(ExtensionContext context) {
        Node node = node(context);
        current = node;
        Assumptions.assumeTrue(node.skipReason == null, () -> "evm suite skipped: " + node.skipReason);
        if (node.failure != null) {
            throw new IllegalStateException(node.failure);
        }
    }

    /** The run's node, once a suite class has started it. */
    static Node current() {
        return current;
    }

    static Node node(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Node.class, k -> start(), Node.class);
    }

    private static Node start() {
        Path target = repoRoot().resolve("ledger-client/ledger-evm/target");
        String given = System.getenv("ALLIANCE_TEST_EVM_URL");
        if (given != null && !given.isBlank()) {
            mark(target, "evm.ran", "");
            return new Node(given, null, null, null);
        }
        Path state = target.resolve("evm-node");
        run("down", state, OWN_PORT); // a node left by an aborted earlier run
        Result up = run("up", state, OWN_PORT);
        if (up.exit == 0) {
            mark(target, "evm.ran", "");
            System.err.println("evm suite: geth --dev up at http://127.0.0.1:" + OWN_PORT);
            return new Node("http://127.0.0.1:" + OWN_PORT, null, null, state);
        }
        String reason = up.firstLine();
        if (required()) {
            return new Node(null, null, "ALLIANCE_REQUIRED_SUITES names the evm suite, but " + reason, state);
        }
        System.err.println("SKIPPED evm suite: " + reason);
        mark(target, "evm.skipped", "SKIPPED evm suite: " + reason + System.lineSeparator());
        return new Node(null, reason, null, null);
    }

    static boolean required() {
        return List.of(System.getenv().getOrDefault("ALLIANCE_REQUIRED_SUITES", "").split(",")).stream()
                .map(String::strip).anyMatch("evm"::equals);
    }

    private static void mark(Path target, String name, String content) {
        try {
            Files.writeString(Files.createDirectories(target.resolve("test-suites")).resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("network/evm/up"))) {
                return p;
            }
        }
        throw new IllegalStateException("no network/evm/up above " + Path.of("").toAbsolutePath());
    }

    record Result(int exit, String output) {
        String firstLine() {
            return output.lines().filter(l -> !l.isBlank()).findFirst().orElse("exit " + exit).replaceFirst("^evm: ", "");
        }
    }

    /** Runs a network/evm script; its output goes to a file (a pipe would be held open by geth). */
    static Result run(String script, Path state, int port) {
        try {
            Path log = Files.createDirectories(state.resolveSibling("evm-scripts")).resolve(script + ".log");
            ProcessBuilder pb = new ProcessBuilder("network/evm/" + script).directory(repoRoot().toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(Map.of("ALLIANCE_EVM_STATE", state.toString(), "ALLIANCE_EVM_PORT", Integer.toString(port)));
            Process p = pb.start();
            if (!p.waitFor(SCRIPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(-1, script + " did not finish in " + SCRIPT_TIMEOUT);
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
