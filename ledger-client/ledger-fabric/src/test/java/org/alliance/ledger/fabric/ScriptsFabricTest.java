package org.alliance.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network scripts given bad input: {@code up} on a network that is up, {@code down} after an
 * {@code up} that failed halfway, and {@code install} and {@code up} given Fabric binaries of
 * another version.
 */
class ScriptsFabricTest extends FabricSuite {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void upOnARunningNetworkChangesNothingAndReportsReady() throws IOException {
        Map<String, String> before = pids(alliance.state());
        FabricNetwork.Result again = alliance.network.script(SCRIPT_TIMEOUT, "up");
        assertThat(again.exit()).as(again.tail(20)).isZero();
        String out = String.join("\n", again.lines());
        assertThat(out).contains("network ready").doesNotContain("fabric: started ")
                .doesNotContainPattern("orderer\\.\\w+ joined")
                .doesNotContain("committed on evidence");
        assertThat(pids(alliance.state())).isEqualTo(before);
        FabricNetwork.Result status = alliance.network.script(Duration.ofSeconds(60), "status");
        assertThat(status.exit()).as(status.tail(20)).isZero();
        System.err.printf("fabric suite: up on the running network took %.1f s%n", again.took().toMillis() / 1000.0);
    }

    /**
     * An {@code up} that fails because one of its ports is taken, after it started the nodes
     * before that one; {@code down} then stops them all and removes the state. The network has its
     * own state directory and ports, beside the suite's.
     */
    @Test
    void downAfterAFailedUpLeavesNoProcessAndNoState() throws IOException {
        Path state = alliance.state().resolveSibling("fabric-failed-up");
        int base = alliance.network.portBase + 200;
        Map<String, String> env = FabricNetwork.env(state, base);
        Path logs = state.resolveSibling("fabric-failed-up-scripts");
        FabricNetwork.run(alliance.network.repo, List.of("network/fabric/down"), env, SCRIPT_TIMEOUT, logs.resolve("down-0.log"));
        // Shantou's evidence chaincode server port (slot 6 of org 2): Zhangzhou's and Chaozhou's
        // nodes and Shantou's orderer and peer start before up reaches it.
        int taken = base + 10 * 2 + 6;
        FabricNetwork.Result up;
        Map<String, String> started;
        try (ServerSocket squatter = new ServerSocket(taken, 1, InetAddress.getLoopbackAddress())) {
            up = FabricNetwork.run(alliance.network.repo, List.of("network/fabric/up"), env, SCRIPT_TIMEOUT,
                    logs.resolve("up.log"));
            started = pids(state);
        }
        assertThat(up.exit()).as(up.tail(20)).isNotZero();
        assertThat(String.join("\n", up.lines())).contains("port 127.0.0.1:" + taken + " for ccserver.shantou is taken");
        assertThat(started).as("nodes up started before it failed").containsKeys("orderer.zhangzhou", "peer.chaozhou",
                "peer.shantou");
        assertThat(started.keySet().stream().filter(n -> alive(started.get(n))).toList()).as("running after the failed up")
                .hasSize(started.size());

        FabricNetwork.Result down = FabricNetwork.run(alliance.network.repo, List.of("network/fabric/down"), env,
                SCRIPT_TIMEOUT, logs.resolve("down.log"));
        assertThat(down.exit()).as(down.tail(20)).isZero();
        assertThat(state).doesNotExist();
        assertThat(started.values().stream().filter(ScriptsFabricTest::alive).toList()).as("processes left").isEmpty();
        assertThat(processesOf(state)).as("processes still marked with the state dir").isEmpty();
        // down is safe to repeat.
        FabricNetwork.Result again = FabricNetwork.run(alliance.network.repo, List.of("network/fabric/down"), env,
                SCRIPT_TIMEOUT, logs.resolve("down-again.log"));
        assertThat(again.exit()).isZero();
        assertThat(again.lines()).anyMatch(l -> l.contains("nothing to stop"));
    }

    /**
     * Binaries that say they are Fabric 2.5.9: {@code install} and {@code up} refuse them, name the
     * version found, and leave nothing behind.
     */
    @Test
    void binariesOfAnotherVersionAreRefusedWithTheVersionFound(@TempDir Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("fabric/bin"));
        for (String tool : List.of("peer", "orderer", "osnadmin", "configtxgen", "cryptogen")) {
            script(bin.resolve(tool), """
                    #!/bin/sh
                    echo "%s:"
                    echo " Version: v2.5.9"
                    echo " Commit SHA: 2f7d5b3"
                    echo " Go version: go1.22.5"
                    """.formatted(tool));
        }
        for (String step : List.of("detect", "build", "release")) {
            script(Files.createDirectories(dir.resolve("fabric/builders/ccaas/bin")).resolve(step), "#!/bin/sh\nexit 0\n");
        }
        Path state = dir.resolve("state");
        Map<String, String> env = new HashMap<>(FabricNetwork.env(state, alliance.network.portBase + 200));
        env.put("FABRIC_BIN", bin.toString());
        for (String command : List.of("install", "up")) {
            FabricNetwork.Result r = FabricNetwork.run(alliance.network.repo, List.of("network/fabric/" + command), env,
                    SCRIPT_TIMEOUT, dir.resolve(command + ".log"));
            String out = String.join("\n", r.lines());
            assertThat(r.exit()).as(out).isNotZero();
            assertThat(out).as(command).contains("Fabric version 'v2.5.9'").contains("needs 3.1.x")
                    .contains("release binaries");
        }
        assertThat(state).as("up wrote nothing").doesNotExist();

        // One binary missing: named, with where it was looked for.
        Files.delete(bin.resolve("cryptogen"));
        FabricNetwork.Result missing = FabricNetwork.run(alliance.network.repo, List.of("network/fabric/install"), env,
                SCRIPT_TIMEOUT, dir.resolve("install-missing.log"));
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.firstLine()).isEqualTo("missing: cryptogen (looked in FABRIC_BIN=" + bin + ")");
    }

    private static void script(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Node name to PID, from the state directory's PID files. */
    private static Map<String, String> pids(Path state) throws IOException {
        Map<String, String> out = new HashMap<>();
        Path dir = state.resolve("pids");
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                out.put(f.getFileName().toString().replace(".pid", ""), Files.readString(f).strip());
            }
        }
        return out;
    }

    /**
     * Whether the process runs. A process killed a moment ago stays a zombie until init reaps it,
     * which here takes a second or two, and {@link ProcessHandle#isAlive()} counts a zombie alive:
     * its state in {@code /proc/<pid>/stat} tells.
     */
    private static boolean alive(String pid) {
        if (!ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    /** Processes whose environment carries the network scripts' marker for this state directory. */
    private static List<Long> processesOf(Path state) {
        String marker = "ALLIANCE_FABRIC_STATE_DIR=" + state;
        List<Long> out = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> {
            try {
                String environ = new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "environ")),
                        java.nio.charset.StandardCharsets.ISO_8859_1);
                if (List.of(environ.split("\0")).contains(marker)) {
                    out.add(p.pid());
                }
            } catch (IOException | RuntimeException gone) {
                // Exited meanwhile, or not readable: not one of ours.
            }
        });
        return out;
    }
}
