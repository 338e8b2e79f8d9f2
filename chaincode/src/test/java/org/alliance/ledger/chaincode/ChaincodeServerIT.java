package org.alliance.ledger.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the packaged chaincode the way a chaincode-as-a-service deployment does: the shaded jar
 * with {@code CHAINCODE_SERVER_ADDRESS} and {@code CORE_CHAINCODE_ID_NAME} set, and checks that it
 * finds the evidence contract and listens on exactly the address it was given.
 */
class ChaincodeServerIT {
    /**
     * Usually a few seconds; the shim scans the whole 40 MB jar for contracts, which takes much
     * longer on a loaded two-core build machine.
     */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private Process process;

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void servesTheEvidenceContractOnTheLoopbackAddressItIsGiven(@TempDir Path dir) throws Exception {
        Path jar = Paths.get(System.getProperty("chaincode.jar", "target/evidence-chaincode.jar"));
        assertThat(jar).exists();
        int port = freeLoopbackPort();
        Path log = dir.resolve("chaincode.log");
        ProcessBuilder builder = new ProcessBuilder(
                        Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("CHAINCODE_SERVER_ADDRESS", "127.0.0.1:" + port);
        builder.environment().put("CORE_CHAINCODE_ID_NAME", "evidence:abc");
        builder.environment().remove("CORE_PEER_TLS_ENABLED");
        process = builder.start();

        awaitListening(port, log);

        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(output).contains("Starting chaincode as server");
        // The router found our contract in the shaded jar and registered its transactions.
        assertThat(output).contains("evidence").contains("RecordCaseStep").contains("GetInclusionProof");
        Optional<InetAddress> external = nonLoopbackAddress();
        if (external.isPresent()) {
            assertThatThrownBy(() -> connect(new InetSocketAddress(external.get(), port)))
                    .as("bound to 127.0.0.1 only")
                    .isInstanceOf(IOException.class);
        }
        assertThat(process.isAlive()).isTrue();
    }

    private void awaitListening(int port, Path log) throws Exception {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (true) {
            try {
                connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new AssertionError("chaincode server did not listen on port " + port + ":\n"
                            + Files.readString(log, StandardCharsets.UTF_8), notYet);
                }
                Thread.sleep(100);
            }
        }
    }

    private static void connect(InetSocketAddress address) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, 500);
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(nic -> {
                    try {
                        return nic.isUp() && !nic.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .findFirst();
    }
}
