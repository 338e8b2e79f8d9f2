package org.alliance.ledger.evm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.evm.AnchorerStatus.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * An anchorer whose node does not answer: its caller never waits, its status says unreachable, and
 * once the node answers (here: a relay to the suite's node opens on the anchorer's port) it anchors.
 */
class UnreachableNodeEvmTest extends EvmSuite {
    private static final int RELAY_PORT = EvmNode.OWN_PORT + 1;

    @TempDir
    Path dir;

    @Test
    void anUnreachableNodeIsRetriedWithoutBlockingAndReported() throws Exception {
        Credentials submitter = submitter();
        String alliance = alliance("unreachable");
        AnchorerSettings settings = AnchorerSettings.of("http://127.0.0.1:" + RELAY_PORT, submitter, contract.address(),
                alliance, dir.resolve("u.journal")).withConfirmations(1)
                .withTimings(Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ZERO);
        try (EvmAnchorer anchorer = EvmAnchorer.start(settings)) {
            long start = System.nanoTime();
            CompletableFuture<Anchor> f = anchorer.anchor(checkpoint(alliance, 7, HashAlgorithm.SM3));
            AnchorerStatus status = anchorer.status();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("anchor() and status() return at once")
                    .isLessThan(Duration.ofMillis(500));
            assertThat(f).isNotDone();
            assertThat(status.queued()).isEqualTo(1);

            AnchorContractEvmTest.awaitState(anchorer, State.UNREACHABLE);
            assertThat(anchorer.status().healthy()).isFalse();
            assertThat(anchorer.status().detail()).contains("127.0.0.1:" + RELAY_PORT).contains("does not answer");
            assertThat(anchorer.status().lastContact()).isNull();
            Thread.sleep(1000); // several retries, all refused
            assertThat(f).isNotDone();
            assertThat(anchorer.status().state()).isEqualTo(State.UNREACHABLE);

            Relay relay = new Relay(RELAY_PORT, URI.create(node.url));
            try {
                Anchor anchor = f.get(60, TimeUnit.SECONDS);
                assertThat(anchor.checkpoint()).isEqualTo(checkpoint(alliance, 7, HashAlgorithm.SM3));
                AnchorContractEvmTest.awaitState(anchorer, State.IDLE);
                assertThat(anchorer.status().healthy()).isTrue();
                assertThat(anchorer.status().lastContact()).isNotNull();
                assertThat(anchorer.status().anchoredTreeSize()).isEqualTo(7);
            } finally {
                relay.close();
            }
        }
        assertThat(contract.anchors(alliance)).extracting(Anchor::checkpoint)
                .containsExactly(checkpoint(alliance, 7, HashAlgorithm.SM3));
    }

    /** A TCP relay on loopback to the node: the node "comes back" on the anchorer's port when it opens. */
    static final class Relay implements AutoCloseable {
        private final ServerSocket server;

        Relay(int port, URI target) throws IOException {
            server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket in = server.accept();
                        Socket out = new Socket(target.getHost(), target.getPort());
                        pipe(in.getInputStream(), out.getOutputStream(), out);
                        pipe(out.getInputStream(), in.getOutputStream(), in);
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        private static void pipe(InputStream from, OutputStream to, Socket closeWhenDone) {
            Thread.ofVirtual().start(() -> {
                try (from; to) {
                    from.transferTo(to);
                } catch (IOException ignored) {
                    // The other side closed.
                } finally {
                    try {
                        closeWhenDone.close();
                    } catch (IOException ignored) {
                        // Closed already.
                    }
                }
            });
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
