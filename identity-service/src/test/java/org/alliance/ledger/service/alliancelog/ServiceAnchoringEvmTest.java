package org.alliance.ledger.service.alliancelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.alliance.ledger.core.bundle.BundleVerifier;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.alliance.ledger.core.bundle.EvmAnchorVerifier;
import org.alliance.ledger.core.bundle.TrustStore;
import org.alliance.ledger.core.bundle.Verdict;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.embedded.EmbeddedLedger;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.Regions;
import org.alliance.ledger.service.testkit.SecondInstance;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.alliance.ledger.service.testkit.SuitePrerequisites;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Anchoring in the service on a real chain: the evm suite's geth --dev node, an anchor contract
 * deployed there with a registered submitter by ledger-evm's {@code DevAnchorContract} (run as its
 * own process, as an operator would), and ledger-evm's anchorer found on the class path. This
 * instance (Zhangzhou) produces the alliance log's checkpoints with Chaozhou's instance as witness,
 * and reaches the node through a relay on loopback, so the test can cut it off as a node that goes
 * away would be.
 *
 * <p>A co-signed checkpoint is recorded and anchored; a case record's bundle then carries the log
 * anchor and verifies offline, EVM proof included. With the node cut off, health shows anchoring
 * DEGRADED while the service stays UP, cases are still written and a checkpoint still recorded,
 * and it is anchored once the node is back.
 */
@Tag("evm")
class ServiceAnchoringEvmTest extends ServiceTestBase {
    /** The relay's port: the evm suite's ports are 17900 (CI's node) and 17910/17911 (ledger-evm's). */
    private static final int RELAY_PORT = 17951;
    private static final Duration ANCHOR_WAIT = Duration.ofSeconds(90);
    private static int witnessPort;
    private static Path chain;

    @Value("${local.server.port}")
    private int port;
    @Autowired
    @Qualifier("evidenceLedger")
    private EvidenceLedger embedded;

    @DynamicPropertySource
    static void anchoring(DynamicPropertyRegistry r) {
        r.add("alliance.log.produce", () -> "true");
        r.add("alliance.log.interval", () -> "PT1H");
        r.add("alliance.log.witnesses." + DemoAlliance.CHAOZHOU, () -> "http://127.0.0.1:" + witnessPort());
        r.add("alliance.log.anchor.url", () -> "http://127.0.0.1:" + RELAY_PORT);
        r.add("alliance.log.anchor.contract", () -> read(chain().resolve("contract")));
        r.add("alliance.log.anchor.key", () -> chain().resolve("submitter.key").toString());
        r.add("alliance.log.anchor.confirmations", () -> "2");
        r.add("alliance.log.anchor.schedule", () -> "PT2S");
    }

    @Test
    void checkpointsAreAnchoredBundlesCarryTheAnchorAndAnUnreachableNodeDegradesOnlyAnchoring() throws Exception {
        URI node = URI.create(System.getenv(SuitePrerequisites.EVM_URL));
        Relay relay = new Relay(RELAY_PORT, node);
        try (ConfigurableApplicationContext chaozhou = witness()) {
            String caseId = api.receive(DemoAlliance.PENSION_TRANSFER);
            worker.drain();
            String recordId = caseId + "/receive";

            long start = System.nanoTime();
            long first = checkpoint();
            await("checkpoint " + first + " anchored with its confirmations and in the bundle",
                    () -> anchoring().get("anchoredTreeSize").asLong() >= first && bundle(recordId).logAnchor() != null);
            System.err.printf("anchoring: checkpoint of size %d recorded and anchored with 2 confirmations in %d ms%n",
                    first, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));

            EvidenceBundle bundle = bundle(recordId);
            assertThat(bundle.logAnchor().checkpoint().checkpoint().treeSize()).isEqualTo(first);
            assertThat(bundle.logAnchor().checkpoint().cosignatures()).extracting(c -> c.org())
                    .containsExactly(DemoAlliance.CHAOZHOU);
            assertThat(bundle.logAnchor().evm().contract()).isEqualToIgnoringCase(read(chain().resolve("contract")));
            Verdict verdict = new BundleVerifier(trust()).verify(EvidenceBundle.parse(bundle.toCanonicalJson()));
            assertThat(verdict.valid()).as(verdict.checks().toString()).isTrue();
            assertThat(verdict.checks()).extracting(Verdict.Check::name).contains(BundleVerifier.LOG_INCLUSION,
                    BundleVerifier.CHECKPOINT_SIGNATURE).containsAll(EvmAnchorVerifier.CHECKS);
            assertThat(health().at("/components/anchoring/status").asText()).isEqualTo("UP");

            // The node goes away.
            relay.close();
            await("anchoring reported unreachable", () -> "UNREACHABLE".equals(anchoring().get("state").asText()));
            JsonNode health = health();
            assertThat(health.get("status").asText()).isEqualTo("UP");
            assertThat(health.at("/components/anchoring/status").asText()).isEqualTo(AnchoringHealthIndicator.DEGRADED_CODE);
            assertThat(Api.json(api.get("admin", "/actuator/health/anchoring")).at("/details/detail").asText())
                    .contains("127.0.0.1:" + RELAY_PORT).contains("does not answer");

            // The ledger side goes on: a case is written, and a checkpoint co-signed and recorded, at once.
            long writeStart = System.nanoTime();
            String later = api.receive(DemoAlliance.PENSION_TRANSFER);
            worker.drain();
            long second = checkpoint();
            assertThat(Duration.ofNanos(System.nanoTime() - writeStart)).as("writes wait for no EVM node")
                    .isLessThan(Duration.ofSeconds(15));
            assertThat(ledger.record(later + "/receive")).isPresent();
            assertThat(second).isGreaterThan(first);
            assertThat(anchoring().get("queued").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(bundle(later + "/receive").logAnchor()).isNull();

            // The node is back: what was recorded meanwhile is anchored.
            relay = new Relay(RELAY_PORT, node);
            await("checkpoint " + second + " anchored once the node is back",
                    () -> anchoring().get("anchoredTreeSize").asLong() >= second && bundle(later + "/receive").logAnchor() != null);
            assertThat(health().at("/components/anchoring/status").asText()).isEqualTo("UP");
            Verdict again = new BundleVerifier(trust()).verify(EvidenceBundle.parse(bundle(later + "/receive").toCanonicalJson()));
            assertThat(again.valid()).as(again.checks().toString()).isTrue();
        } finally {
            relay.close();
        }
    }

    /** Records a checkpoint co-signed by Chaozhou; returns its tree size. */
    private long checkpoint() throws Exception {
        JsonNode answer = null;
        for (int i = 0; i < 50; i++) {
            answer = Api.json(api.post("admin", "/api/log/checkpoint", "{}").andExpect(status().isOk()));
            if (!"NOT_CAUGHT_UP".equals(answer.path("outcome").asText())) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(answer.get("outcome").asText()).as(answer.toString()).isEqualTo("RECORDED");
        assertThat(answer.get("cosignedBy").get(0).asText()).isEqualTo(DemoAlliance.CHAOZHOU);
        worker.drain();
        return answer.get("treeSize").asLong();
    }

    private ConfigurableApplicationContext witness() {
        return SecondInstance.start(clock, port, ledgerProperties, DemoAlliance.CHAOZHOU, "--server.port=" + witnessPort());
    }

    private JsonNode anchoring() throws Exception {
        return Api.json(api.get(null, "/api/log").andExpect(status().isOk())).get("anchoring");
    }

    private JsonNode health() throws Exception {
        return Api.json(mvc.perform(get("/actuator/health")).andExpect(status().isOk()));
    }

    private EvidenceBundle bundle(String recordId) throws Exception {
        return EvidenceBundle.parse(api.get("auditor", "/api/evidence/" + recordId + "/bundle").andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray());
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + ANCHOR_WAIT.toNanos();
        while (!condition.call()) {
            assertThat(System.nanoTime()).as(what + " within " + ANCHOR_WAIT).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    /** The members' record keys (Zhangzhou's signs the checkpoints) and the embedded ledger's node key. */
    private TrustStore trust() {
        PublicKey zhangzhou = Keys.publicKeyFromDer(Base64.getDecoder().decode(service.publicKeyBase64()));
        PublicKey chaozhou = Keys.publicKeyFromDer(Base64.getDecoder().decode(
                Regions.member(ledgerProperties, service, DemoAlliance.CHAOZHOU).publicKeyBase64()));
        return TrustStore.of(Map.of(DemoAlliance.ZHANGZHOU, List.of(zhangzhou, ((EmbeddedLedger) embedded).nodePublicKey()),
                DemoAlliance.CHAOZHOU, List.of(chaozhou)));
    }

    private static synchronized int witnessPort() {
        if (witnessPort == 0) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                witnessPort = s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return witnessPort;
    }

    /** A contract and a registered submitter on the suite's node, set up once by ledger-evm's DevAnchorContract. */
    private static synchronized Path chain() {
        if (chain == null) {
            try {
                Path dir = Files.createDirectories(Path.of("target/evm-anchoring-" + UUID.randomUUID()).toAbsolutePath());
                Path log = dir.resolve("setup.log");
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                        System.getProperty("java.class.path"), "org.alliance.ledger.evm.DevAnchorContract",
                        System.getenv(SuitePrerequisites.EVM_URL), dir.toString())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                boolean done = p.waitFor(2, TimeUnit.MINUTES);
                if (!done) {
                    p.destroyForcibly();
                }
                assertThat(done && p.exitValue() == 0).as("DevAnchorContract: " + Files.readString(log)).isTrue();
                chain = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return chain;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A TCP relay on loopback to the node. Closing it closes every connection through it too, so
     * pooled keep-alive connections do not outlive it: to the service, the node is gone.
     */
    static final class Relay implements AutoCloseable {
        private final ServerSocket server;
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();

        Relay(int port, URI target) throws IOException {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket in = server.accept();
                        Socket out = new Socket(target.getHost(), target.getPort());
                        open.add(in);
                        open.add(out);
                        Thread.ofVirtual().start(() -> copy(in, out));
                        Thread.ofVirtual().start(() -> copy(out, in));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        private void copy(Socket from, Socket to) {
            try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
                i.transferTo(o);
            } catch (IOException ignored) {
                // One side closed; the other is closed below.
            } finally {
                close(from);
                close(to);
            }
        }

        private void close(Socket s) {
            open.remove(s);
            try {
                s.close();
            } catch (IOException ignored) {
                // Closed already.
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            List.copyOf(open).forEach(this::close);
        }
    }
}
