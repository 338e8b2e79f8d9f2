package org.alliance.ledger.fabric;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The demo alliance on Fabric as a user starts it: {@code network/alliance/up} brings up the
 * four-org network and one service instance per org from the packaged jar, and founds the
 * agreement; {@code network/alliance/down} stops it all when the run ends. Its state lives in
 * {@code identity-service/target/alliance-fabric}, on ports of its own (the Fabric port base plus
 * 400, the instances from that plus 81), so it never meets the fabric suite's network.
 */
public final class AllianceOnFabric implements BeforeAllCallback, ParameterResolver {
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(8);
    private static final Duration DOWN_TIMEOUT = Duration.ofMinutes(2);
    private static final int PORT_OFFSET = 400;
    private static final int SERVICE_PORT_OFFSET = 81;

    /** The running alliance, or why there is none; closed by JUnit when the run ends. */
    public static final class Running implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final Path repo;
        private final Map<String, String> env;
        private final Path target;
        private final int servicePortBase;
        private String skipReason;
        private String failure;
        private Duration upTime = Duration.ZERO;
        private boolean down;

        private Running(Path repo, Map<String, String> env, Path target, int servicePortBase) {
            this.repo = repo;
            this.env = env;
            this.target = target;
            this.servicePortBase = servicePortBase;
        }

        /**
         * The base URL of an org's instance.
         *
         * @param org the org's short name: zhangzhou, chaozhou, shantou, audit, or one that joined
         * @return for example {@code http://127.0.0.1:17481}
         */
        public String url(String org) {
            return "http://127.0.0.1:" + (servicePortBase + index(org));
        }

        /** A founding org's place, or the one {@code network/fabric/join} recorded for an org that joined. */
        private int index(String org) {
            int founder = FabricAlliance.ORGS.indexOf(org);
            if (founder >= 0) {
                return founder;
            }
            try {
                return Files.readAllLines(state().resolve("joined")).stream().map(l -> l.split(" "))
                        .filter(f -> f[0].equals(org)).mapToInt(f -> Integer.parseInt(f[1])).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(org + " has not joined this network"));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(org + " has not joined this network (" + e + ")", e);
            }
        }

        /**
         * The network's state directory: crypto material, users, logs.
         *
         * @return the directory
         */
        public Path state() {
            return target.resolve("alliance-fabric");
        }

        /**
         * How long {@code network/alliance/up} took.
         *
         * @return the time
         */
        public Duration upTime() {
            return upTime;
        }

        /**
         * Runs a script of the repository on this alliance, as a user would, with its output in
         * {@code target/alliance-fabric-<script>.log}.
         *
         * @param timeout the bound
         * @param script the script, e.g. {@code network/alliance/join}
         * @param args its arguments
         * @return what it did
         */
        FabricNetwork.Result script(Duration timeout, String script, String... args) {
            List<String> command = new java.util.ArrayList<>(List.of(script));
            command.addAll(List.of(args));
            return FabricNetwork.run(repo, command, env, timeout, target.resolve("alliance-fabric-"
                    + Path.of(script).getFileName() + "-" + System.nanoTime() + ".log"));
        }

        /** The nodes' and instances' logs outlive the network (down deletes its state): {@code target/alliance-fabric-logs}. */
        private void keepLogs() {
            Path from = state().resolve("logs");
            Path to = target.resolve("alliance-fabric-logs");
            if (!Files.isDirectory(from)) {
                return;
            }
            try (var logs = Files.list(from)) {
                Files.createDirectories(to);
                for (Path log : logs.toList()) {
                    Files.copy(log, to.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (java.io.IOException e) {
                System.err.println("alliance on fabric: could not keep the logs: " + e);
            }
        }

        @Override
        public synchronized void close() {
            if (down || skipReason != null) {
                return;
            }
            down = true;
            keepLogs();
            FabricNetwork.Result r = FabricNetwork.run(repo, List.of("network/alliance/down"), env, DOWN_TIMEOUT,
                    target.resolve("alliance-fabric-down.log"));
            System.err.println("alliance on fabric: network/alliance/down exited " + r.exit() + " in "
                    + r.took().toMillis() + " ms");
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Running alliance = running(context);
        Assumptions.assumeTrue(alliance.skipReason == null, () -> "fabric suite skipped: " + alliance.skipReason);
        if (alliance.failure != null) {
            throw new IllegalStateException(alliance.failure);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Running.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return running(context);
    }

    private static Running running(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Running.class, k -> start(), Running.class);
    }

    private static Running start() {
        Path repo = FabricNetwork.repoRoot();
        Path target = repo.resolve("identity-service/target");
        int portBase = FabricNetwork.portBase() + PORT_OFFSET;
        Map<String, String> env = new HashMap<>(FabricNetwork.env(target.resolve("alliance-fabric"), portBase));
        env.put("ALLIANCE_SERVICE_PORT_BASE", Integer.toString(portBase + SERVICE_PORT_OFFSET));
        String jar = System.getProperty("service.jar");
        if (jar != null) {
            env.put("ALLIANCE_SERVICE_JAR", jar);
        }
        // The kiosk's camera in the browser tests is a video that answers this challenge.
        env.put("ALLIANCE_INSTANCE_ARGS", "--alliance.identity.challenge.fixed-actions="
                + org.alliance.ledger.service.testkit.KioskPerson.CHALLENGE);
        Running alliance = new Running(repo, env, target, portBase + SERVICE_PORT_OFFSET);
        FabricNetwork.Result install = FabricNetwork.run(repo, List.of("network/fabric/install"), env,
                Duration.ofSeconds(30), target.resolve("alliance-fabric-install.log"));
        if (install.exit() != 0) {
            String reason = install.firstLine() + " (network/fabric/install says how to get Fabric's release binaries)";
            if (FabricNetwork.required()) {
                alliance.failure = "ALLIANCE_REQUIRED_SUITES names the fabric suite, but " + reason;
                return alliance;
            }
            System.err.println("SKIPPED fabric suite: " + reason);
            FabricNetwork.mark(target, "fabric.skipped", "SKIPPED fabric suite: " + reason + System.lineSeparator());
            alliance.skipReason = reason;
            return alliance;
        }
        FabricNetwork.mark(target, "fabric.ran", "");
        FabricNetwork.run(repo, List.of("network/alliance/down"), env, DOWN_TIMEOUT, target.resolve("alliance-fabric-predown.log"));
        Runtime.getRuntime().addShutdownHook(new Thread(alliance::close, "alliance-fabric-down"));
        FabricNetwork.Result up = FabricNetwork.run(repo, List.of("network/alliance/up"), env, UP_TIMEOUT,
                target.resolve("alliance-fabric-up.log"));
        alliance.upTime = up.took();
        if (up.exit() != 0) {
            alliance.failure = "network/alliance/up failed (exit " + up.exit() + "); see " + up.log() + ":\n" + up.tail(40);
            alliance.close();
            return alliance;
        }
        System.err.println("alliance on fabric: network/alliance/up in " + up.took().toMillis() + " ms");
        return alliance;
    }
}
