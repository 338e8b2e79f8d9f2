package org.alliance.ledger.evm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.alliance.ledger.evm.contract.AnchorRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * The anchor contract deployed on geth --dev in a container (go-ethereum's release image, the version
 * network/evm pins). Runs where a Docker engine exists (tag {@code docker}); elsewhere it is skipped
 * with one line. The evm suite (AnchorContractEvmTest and the others) covers the contract on a geth
 * the project builds itself, which CI runs.
 */
@Tag("docker")
@ExtendWith(GethContainerTest.DockerEngine.class)
class GethContainerTest {
    private static final String IMAGE = "ethereum/client-go:v1.17.10";

    @Test
    void anchorContractDeploysWithItsOwner() throws Exception {
        try (GenericContainer<?> geth = new GenericContainer<>(IMAGE)
                .withCommand("--dev", "--dev.period", "1", "--http", "--http.addr", "0.0.0.0", "--http.api", "eth,net,web3")
                .withExposedPorts(8545)
                .waitingFor(Wait.forListeningPort())) {
            geth.start();
            try (EvmNode.Node node = new EvmNode.Node("http://" + geth.getHost() + ":" + geth.getMappedPort(8545),
                    null, null, null)) {
                Credentials owner = node.fundedAccount();
                AnchorContract contract = AnchorContract.deploy(node.web3j(), owner, EvmNode.Node.gas());
                String code = node.web3j().ethGetCode(contract.address(), DefaultBlockParameterName.LATEST).send().getCode();
                assertThat(code).startsWith("0x").hasSizeGreaterThan(100);
                AnchorRegistry registry = AnchorRegistry.load(contract.address(), node.web3j(),
                        AnchorContract.signer(node.web3j(), owner), EvmNode.Node.gas());
                assertThat(registry.owner().send()).isEqualToIgnoringCase(owner.getAddress());
            }
        }
    }

    /** Skips the class, with one line on stderr and a target/test-suites marker, where no Docker engine exists. */
    static final class DockerEngine implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Path suites = EvmNode.repoRoot().resolve("ledger-client/ledger-evm/target/test-suites");
            // Testcontainers is asked only where something names an engine: its search logs a
            // screenful of errors where one line says it all.
            Path home = Path.of(System.getProperty("user.home"));
            boolean named = !System.getenv().getOrDefault("DOCKER_HOST", "").isBlank()
                    || Files.exists(Path.of("/var/run/docker.sock")) || Files.exists(home.resolve(".docker/run/docker.sock"))
                    || Files.exists(home.resolve(".testcontainers.properties"));
            if (named && DockerClientFactory.instance().isDockerAvailable()) {
                write(suites, "docker.ran", "");
                return ConditionEvaluationResult.enabled("a Docker engine is available");
            }
            String line = "SKIPPED: docker suite — " + (named ? "no Docker engine answers (Testcontainers found none)"
                    : "no Docker engine (no DOCKER_HOST, no /var/run/docker.sock)");
            if (!Files.exists(suites.resolve("docker.skipped"))) {
                System.err.println(line);
                write(suites, "docker.skipped", line + System.lineSeparator());
            }
            return ConditionEvaluationResult.disabled(line);
        }

        private static void write(Path dir, String name, String content) {
            try {
                Files.writeString(Files.createDirectories(dir).resolve(name), content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
