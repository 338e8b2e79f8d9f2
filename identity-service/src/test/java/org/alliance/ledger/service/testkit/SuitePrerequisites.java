package org.alliance.ledger.service.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.alliance.ledger.core.anchoring.CheckpointAnchoring;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs a tagged suite only where what it needs is installed, and never silently: the {@code browser}
 * suite needs Debian's Chromium, the {@code postgres} suite a server named by
 * {@code ALLIANCE_TEST_PG_URL}, the {@code fuzz} suite schemathesis, the {@code evm} suite a
 * geth --dev node named by {@value #EVM_URL} and the EVM anchorer (ledger-evm) on the class path,
 * the {@code docker} suite (Testcontainers) a Docker engine;
 * {@code crash} and {@code stress} need only the JDK and are listed so that CI can see they ran.
 * Registered for every test class of this module by JUnit's extension auto-detection
 * ({@code junit-platform.properties}), so a test gets the rule from its tag alone.
 *
 * <p>Where the prerequisite is missing, the suite's tests are skipped and the first one prints one
 * line to standard error, e.g. {@code SKIPPED: browser suite — /usr/bin/chromium not found}; the
 * line also goes to {@code target/test-suites/browser.skipped}. A suite named in the environment
 * variable {@value #REQUIRED} (comma-separated; CI sets it) fails instead of skipping. A suite that
 * runs leaves {@code target/test-suites/<tag>.ran}, so CI can also tell a suite that was never
 * selected (a tag filter gone wrong) from one that ran.
 */
public final class SuitePrerequisites implements ExecutionCondition {
    /** The environment variable naming suites that must run. */
    public static final String REQUIRED = "ALLIANCE_REQUIRED_SUITES";
    /** The environment variable naming the EVM node (JSON-RPC URL of a geth --dev chain) the evm suite uses. */
    public static final String EVM_URL = "ALLIANCE_TEST_EVM_URL";

    private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

    /** A tagged suite and what it lacks on this machine, if anything. */
    private enum Suite {
        BROWSER("browser", () -> Files.isExecutable(Browser.CHROMIUM)
                ? Optional.empty() : Optional.of(Browser.CHROMIUM + " not found (Debian package chromium)")),
        POSTGRES("postgres", () -> System.getenv().getOrDefault("ALLIANCE_TEST_PG_URL", "").isBlank()
                ? Optional.of("ALLIANCE_TEST_PG_URL is not set (no PostgreSQL server)") : Optional.empty()),
        FUZZ("fuzz", () -> !Files.isExecutable(schemathesis())
                ? Optional.of("schemathesis not found at " + schemathesis() + " (bash .ci/run installs it; "
                        + "ALLIANCE_SCHEMATHESIS names another)")
                : !Files.isExecutable(openApiValidator())
                        ? Optional.of("openapi-spec-validator not found at " + openApiValidator()
                                + " (bash .ci/run installs it beside schemathesis)")
                        : Optional.empty()),
        EVM("evm", () -> System.getenv().getOrDefault(EVM_URL, "").isBlank()
                ? Optional.of(EVM_URL + " is not set (no EVM node; bash .ci/run starts one with network/evm/up)")
                : CheckpointAnchoring.Provider.find("evm").isEmpty()
                        ? Optional.of("ledger-evm is not on the class path (the service was built with -DskipEvm)")
                        : Optional.empty()),
        DOCKER("docker", SuitePrerequisites::dockerMissing),
        // These need only the JDK; listed so that CI can see they ran.
        CRASH("crash", Optional::empty),
        STRESS("stress", Optional::empty);

        private final String tag;
        private final Supplier<Optional<String>> missing;

        Suite(String tag, Supplier<Optional<String>> missing) {
            this.tag = tag;
            this.missing = missing;
        }
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        for (Suite suite : Suite.values()) {
            if (!context.getTags().contains(suite.tag)) {
                continue;
            }
            Optional<String> missing = suite.missing.get();
            if (missing.isEmpty()) {
                record(suite.tag + ".ran", "");
                continue;
            }
            String line = "SKIPPED: " + suite.tag + " suite — " + missing.get();
            if (required(suite.tag)) {
                throw new IllegalStateException(REQUIRED + " names the " + suite.tag + " suite, but " + missing.get());
            }
            if (ANNOUNCED.add(suite.tag)) {
                // Standard error, not a logger: the line must show in the build output whatever
                // the logging configuration, once per suite.
                System.err.println(line);
                record(suite.tag + ".skipped", line + System.lineSeparator());
            }
            return ConditionEvaluationResult.disabled(line);
        }
        return ConditionEvaluationResult.enabled("no suite prerequisite missing");
    }

    /**
     * The schemathesis executable the fuzz suite runs: {@code ALLIANCE_SCHEMATHESIS}, or where
     * {@code .ci/run} installs it ({@code ~/.cache/alliance-ci/schemathesis/bin/st}).
     *
     * @return its path, which may not exist
     */
    public static Path schemathesis() {
        String configured = System.getenv("ALLIANCE_SCHEMATHESIS");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "alliance-ci", "schemathesis", "bin", "st");
    }

    /**
     * The OpenAPI validator the fuzz suite runs on the service's document: {@code
     * openapi-spec-validator}, installed by {@code .ci/run} in the same environment as schemathesis.
     *
     * @return its path, which may not exist
     */
    public static Path openApiValidator() {
        return schemathesis().resolveSibling("openapi-spec-validator");
    }

    /**
     * Why the docker suite cannot run here, if it cannot. Where nothing names an engine (no DOCKER_HOST,
     * no socket, no Testcontainers settings file), Testcontainers is not asked: its search would log
     * a screenful of errors where one line says it all.
     */
    private static Optional<String> dockerMissing() {
        Path home = Path.of(System.getProperty("user.home"));
        boolean named = !System.getenv().getOrDefault("DOCKER_HOST", "").isBlank()
                || Files.exists(Path.of("/var/run/docker.sock")) || Files.exists(home.resolve(".docker/run/docker.sock"))
                || Files.exists(home.resolve(".testcontainers.properties"));
        if (!named) {
            return Optional.of("no Docker engine (no DOCKER_HOST, no /var/run/docker.sock)");
        }
        return DockerClientFactory.instance().isDockerAvailable() ? Optional.empty()
                : Optional.of("no Docker engine answers (Testcontainers found none; its log says where it looked)");
    }

    private static boolean required(String tag) {
        String required = System.getenv(REQUIRED);
        return required != null && Arrays.stream(required.split(",")).map(String::strip).anyMatch(tag::equals);
    }

    private static void record(String name, String content) {
        try {
            Path file = Files.createDirectories(Browser.targetDir().resolve("test-suites")).resolve(name);
            if (!Files.exists(file)) {
                Files.writeString(file, content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
