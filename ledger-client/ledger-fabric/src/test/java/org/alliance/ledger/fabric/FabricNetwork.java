package org.alliance.ledger.fabric;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The suite's Fabric network, started once for every test class that uses this extension and
 * stopped, with its state deleted, when the test run ends, whatever the outcome. It runs the
 * project's own {@code network/fabric} scripts in a state directory of its own under
 * {@code target}, on the ports of {@code ALLIANCE_FABRIC_PORT_BASE} (17000 by default).
 *
 * <p>Where {@code network/fabric/install} finds no Fabric binaries, the suite is skipped: one
 * line on stderr says why, and every test is aborted as an assumption failure.
 */
public final class FabricNetwork implements BeforeAllCallback, ParameterResolver {
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration DOWN_TIMEOUT = Duration.ofMinutes(1);
    /**
     * How long the heights may stand still with an orderer one block behind before a wait orders
     * one more block: twice the ten one-second ticks after which a SmartBFT follower that hears
     * the leader's heartbeat ahead of it syncs by itself.
     */
    private static final Duration IDLE_LAG = Duration.ofSeconds(20);
    private static final Duration INSTALL_TIMEOUT = Duration.ofSeconds(30);
    private static final java.util.concurrent.atomic.AtomicInteger SCRIPT_RUNS = new java.util.concurrent.atomic.AtomicInteger();

    /** The started network, or why there is none; closed by JUnit when the run ends. */
    static final class Started implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final Path repo;
        final Path state;
        final int portBase;
        final String skipReason;
        /** Why up failed, or null; every test class then fails with it, without starting up again. */
        String failure;
        final Duration upTime;
        private final Thread shutdownHook;
        private boolean down;

        private Started(Path repo, Path state, int portBase, String skipReason, Duration upTime) {
            this.repo = repo;
            this.state = state;
            this.portBase = portBase;
            this.skipReason = skipReason;
            this.upTime = upTime;
            // JUnit closes the store at the end of the run; the hook covers a JVM stopped early.
            this.shutdownHook = skipReason == null ? new Thread(this::down, "fabric-network-down") : null;
            if (shutdownHook != null) {
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
        }

        Path users(String org, String user) {
            return state.resolve("users").resolve(org).resolve(user).resolve("msp");
        }

        Path tlsRoot(String org) {
            return state.resolve("crypto/peerOrganizations/" + org + ".alliance/tlsca/tlsca." + org + ".alliance-cert.pem");
        }

        Path orgCa(String org) {
            return state.resolve("crypto/peerOrganizations/" + org + ".alliance/ca");
        }

        int peerPort(int orgIndex) {
            return portBase + 10 * orgIndex;
        }

        /** The operations port (plain HTTP: {@code /healthz}, {@code /metrics}) of org {@code i}'s orderer. */
        int ordererOpsPort(int orgIndex) {
            return portBase + 10 * orgIndex + 5;
        }

        /**
         * Runs one of the network scripts on this network; its output goes to
         * {@code target/<state dir>-scripts/<n>-<script>.log}.
         */
        Result script(Duration timeout, String script, String... args) {
            return script(timeout, Map.of(), script, args);
        }

        /** Runs one of the network scripts on this network with more settings in its environment. */
        Result script(Duration timeout, Map<String, String> settings, String script, String... args) {
            List<String> command = new ArrayList<>(List.of("network/fabric/" + script));
            command.addAll(List.of(args));
            Path log = state.resolveSibling(state.getFileName() + "-scripts")
                    .resolve(SCRIPT_RUNS.incrementAndGet() + "-" + script + ".log");
            Map<String, String> env = new java.util.HashMap<>(env(state, portBase));
            env.putAll(settings);
            return run(repo, command, env, timeout, log);
        }

        /**
         * Waits until {@code status} reports every node running and healthy, with the orderer and
         * peer of each of {@code orgs} orgs at one height: a restarted or new node has caught up.
         *
         * @return how long that took, or null if it was so at once
         */
        Duration awaitHealthyAndLevel(int orgs, Duration max) throws InterruptedException {
            return awaitHealthyAndLevel(orgs, max, null);
        }

        /**
         * As {@link #awaitHealthyAndLevel(int, Duration)}, but where the channel has gone idle with
         * orderers one block behind, calls {@code nextBlock} to order one more. An orderer restarted
         * while the others decide a block syncs to the block before, starts its view waiting for
         * the one being decided, and misses its consensus messages. SmartBFT's leader heartbeat
         * carries the sequence the leader last decided, which is the very sequence the follower
         * waits for, so the follower reads itself as level and syncs only when the next proposal
         * arrives (SmartBFT as vendored in Fabric 3.1.5: {@code View.decide} stores the decided
         * sequence, {@code HeartbeatMonitor} syncs a follower only one sequence behind that). CI
         * saw orderer.audit stay at 550 of 551 for two minutes that way, every peer at 551. In use
         * a channel is never idle for long; the new block shows that the orderer does catch up.
         *
         * @param nextBlock writes one record and returns once it is committed, or null
         * @return how long that took, or null if it was so at once
         */
        Duration awaitHealthyAndLevel(int orgs, Duration max, Runnable nextBlock) throws InterruptedException {
            Pattern row = Pattern.compile(
                    "^((?:orderer|peer)\\.\\S+)\\s+\\d+\\s+up\\s+\\S+\\s+OK\\s+(\\d+)");
            long start = System.nanoTime();
            Result last = null;
            Map<String, Long> before = Map.of();
            long idleSince = System.nanoTime();
            for (int i = 0; System.nanoTime() - start < max.toNanos(); i++) {
                last = script(Duration.ofSeconds(60), "status");
                Map<String, Long> heights = new java.util.TreeMap<>();
                for (String line : last.lines()) {
                    Matcher m = row.matcher(line);
                    if (m.find()) {
                        heights.put(m.group(1), Long.parseLong(m.group(2)));
                    }
                }
                boolean healthy = last.exit() == 0 && heights.size() == 2 * orgs;
                if (healthy && new HashSet<>(heights.values()).size() == 1) {
                    return i == 0 ? null : Duration.ofNanos(System.nanoTime() - start);
                }
                if (!heights.equals(before)) {
                    before = heights;
                    idleSince = System.nanoTime();
                } else if (nextBlock != null && healthy && ordererOneBehind(heights)
                        && System.nanoTime() - idleSince > IDLE_LAG.toNanos()) {
                    System.err.println("fabric suite: the channel is idle with an orderer one block behind " + heights
                            + " for " + IDLE_LAG.toSeconds() + " s; ordering one more block");
                    nextBlock.run();
                    idleSince = System.nanoTime();
                }
                Thread.sleep(1000);
            }
            throw new AssertionError("the network is not healthy and level after " + max + ":\n"
                    + (last == null ? "" : last.tail(20)));
        }

        /** Every peer at the top height, and every node below it an orderer exactly one block below. */
        static boolean ordererOneBehind(Map<String, Long> heights) {
            long top = heights.values().stream().mapToLong(Long::longValue).max().orElse(0);
            return heights.entrySet().stream().allMatch(e -> e.getValue() == top
                    || e.getKey().startsWith("orderer.") && e.getValue() == top - 1);
        }

        @Override
        public void close() {
            if (shutdownHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException alreadyShuttingDown) {
                    // The hook runs down itself.
                }
            }
            down();
        }

        private synchronized void down() {
            if (skipReason != null || down) {
                return;
            }
            down = true;
            Result r = run(repo, List.of("network/fabric/down"), env(state, portBase), DOWN_TIMEOUT, state.resolveSibling(state.getFileName() + "-down.log"));
            System.err.println("fabric suite: network/fabric/down exited " + r.exit + " in " + r.took.toMillis() + " ms");
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Started network = started(context);
        Assumptions.assumeTrue(network.skipReason == null, () -> "fabric suite skipped: " + network.skipReason);
        if (network.failure != null) {
            throw new IllegalStateException(network.failure);
        }
    }

    /** Injects the run's {@link FabricAlliance} into test methods and {@code @BeforeAll} methods. */
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FabricAlliance.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return FabricAlliance.of(context);
    }

    /**
     * The network of this test run, starting it on first use.
     *
     * @param context any extension context of the run
     * @return the network, or why it is missing
     */
    static Started started(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Started.class, k -> start(), Started.class);
    }

    private static Started start() {
        return start("fabric-network", Map.of(), 0, true);
    }

    /**
     * A network of its own, for a test that needs other settings than the suite's (a benchmark):
     * in {@code target/<name>}, on the ports from {@code ALLIANCE_FABRIC_PORT_BASE + portOffset},
     * so it never meets the suite's network. The caller closes it.
     *
     * @param name the state directory's name under {@code target}
     * @param profile the settings profile ({@code network/fabric/profiles/<profile>.env})
     * @param portOffset added to the port base
     * @return the started network, or why there is none
     */
    static Started startAlone(String name, String profile, int portOffset) {
        return start(name, Map.of("ALLIANCE_FABRIC_PROFILE", profile), portOffset, false);
    }

    private static Started start(String name, Map<String, String> settings, int portOffset, boolean suite) {
        Path repo = repoRoot();
        int portBase = portBase() + portOffset;
        Path target = repo.resolve("ledger-client/ledger-fabric/target");
        Path state = target.resolve(name);
        Map<String, String> env = new java.util.HashMap<>(env(state, portBase));
        env.putAll(settings);
        Result install = run(repo, List.of("network/fabric/install"), env, INSTALL_TIMEOUT,
                target.resolve(name + "-install.log"));
        if (install.exit != 0) {
            String reason = install.firstLine() + " (network/fabric/install says how to get Fabric's release binaries)";
            if (required()) {
                // CI names the suite where the binaries are present: a skip there is a failure.
                Started network = new Started(repo, state, portBase, null, Duration.ZERO);
                network.failure = "ALLIANCE_REQUIRED_SUITES names the fabric suite, but " + reason;
                return network;
            }
            // The one visible line of a skipped suite.
            System.err.println("SKIPPED fabric suite: " + reason);
            if (suite) {
                mark(target, "fabric.skipped", "SKIPPED fabric suite: " + reason + System.lineSeparator());
            }
            return new Started(repo, state, portBase, reason, Duration.ZERO);
        }
        if (suite) {
            mark(target, "fabric.ran", "");
        }
        // A network left by an aborted earlier run of the suite is removed first.
        run(repo, List.of("network/fabric/down"), env, DOWN_TIMEOUT, target.resolve(name + "-down.log"));
        Result up = run(repo, List.of("network/fabric/up"), env, UP_TIMEOUT, target.resolve(name + "-up.log"));
        Started network = new Started(repo, state, portBase, null, up.took);
        if (up.exit != 0) {
            network.failure = "network/fabric/up failed (exit " + up.exit + "); see " + up.log + ":\n" + up.tail(30);
            network.close();
            return network;
        }
        System.err.println("fabric suite: network up in " + up.took.toMillis() + " ms (ports from " + portBase + ")");
        return network;
    }

    /** Whether CI requires this suite to run ({@code ALLIANCE_REQUIRED_SUITES}, comma-separated tags). */
    static boolean required() {
        return List.of(System.getenv().getOrDefault("ALLIANCE_REQUIRED_SUITES", "").split(",")).stream()
                .map(String::strip).anyMatch("fabric"::equals);
    }

    /**
     * Leaves {@code target/test-suites/<name>}, so CI can tell a suite that ran from one that was
     * skipped or never selected.
     */
    static void mark(Path target, String name, String content) {
        try {
            Path file = Files.createDirectories(target.resolve("test-suites")).resolve(name);
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port base of this run: {@code ALLIANCE_FABRIC_PORT_BASE}, 17000 by default. */
    static int portBase() {
        return Integer.parseInt(System.getenv().getOrDefault("ALLIANCE_FABRIC_PORT_BASE", "17000"));
    }

    /** The environment under which the network scripts act on the network in {@code state}. */
    static Map<String, String> env(Path state, int portBase) {
        return Map.of("ALLIANCE_FABRIC_STATE", state.toString(), "ALLIANCE_FABRIC_PORT_BASE", Integer.toString(portBase));
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("network/fabric/up"))) {
                return p;
            }
        }
        throw new IllegalStateException("no network/fabric/up above " + dir);
    }

    /** What a script did. */
    record Result(int exit, Duration took, Path log) {
        List<String> lines() {
            try {
                return Files.readAllLines(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The first line install prints names what is missing or of the wrong version. */
        String firstLine() {
            return lines().stream().filter(l -> !l.isBlank()).findFirst().orElse("exit " + exit)
                    .replaceFirst("^fabric: ", "");
        }

        String tail(int n) {
            List<String> lines = lines();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }
    }

    /**
     * Runs a script of the repository, output to a log file (never a pipe: the nodes that up
     * starts would hold it open), and kills it with everything it started if it overruns.
     */
    static Result run(Path repo, List<String> command, Map<String, String> env, Duration timeout, Path log) {
        long start = System.nanoTime();
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(repo.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                Files.writeString(log, "\nkilled after " + timeout + "\n", StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.APPEND);
                return new Result(-1, Duration.ofNanos(System.nanoTime() - start), log);
            }
            return new Result(p.exitValue(), Duration.ofNanos(System.nanoTime() - start), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
