package org.alliance.ledger.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.alliance.ledger.service.AllianceServiceApplication;
import org.alliance.ledger.service.testkit.Regions;
import org.alliance.ledger.service.testkit.SuitePrerequisites;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Schemathesis against the whole service (real face engine, outbox worker running, a fresh
 * embedded ledger and in-memory database) on a free loopback port: it reads the OpenAPI document
 * at {@code /v3/api-docs} and sends generated requests, valid and invalid, to every operation,
 * once anonymously and once as each development user. No response may be a 5xx.
 *
 * <p>Schemathesis is a Python tool from PyPI: {@code .ci/run} installs the pinned version into
 * {@code ~/.cache/alliance-ci/schemathesis}; {@code ALLIANCE_SCHEMATHESIS} names another {@code st} executable. Without
 * it the test is skipped with one line saying so. Each run is bounded by {@value #MAX_EXAMPLES}
 * examples per operation and {@value #SECONDS_PER_RUN} seconds; the seed is fixed
 * ({@code ALLIANCE_FUZZ_SEED} changes it), and the request and status counts are printed. One
 * worker: on Python 3.11 before 3.11.8 two workers' threads race in the {@code ast} module that
 * hypothesis uses, and schemathesis reports a runtime error of its own.
 */
@Tag("fuzz")
@SpringBootTest(classes = AllianceServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "alliance.data-dir=target/test-data/fuzz-${random.uuid}",
            "spring.datasource.url=jdbc:h2:mem:fuzz-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
@DirtiesContext
class ApiFuzzTest {
    private static final int MAX_EXAMPLES = 10;
    private static final int SECONDS_PER_RUN = 20;
    private static final List<String> USERS = List.of("applicant", "clerk", "approver", "issuer", "auditor", "admin");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The schemathesis executable, found before the service starts so that a skip costs nothing. */
    private static Path st;

    @LocalServerPort
    private int port;

    @BeforeAll
    static void findSchemathesis() {
        st = schemathesis();
    }

    @Test
    void noOperationAnswersAServerErrorAnonymouslyOrForAnyRole() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "fuzz"));
        List<String> callers = new ArrayList<>();
        callers.add(null);
        callers.addAll(USERS);

        Map<Integer, Integer> allStatuses = new TreeMap<>();
        List<String> serverErrors = new ArrayList<>();
        int requests = 0;
        for (String user : callers) {
            String who = user == null ? "anonymous" : user;
            Path har = work.resolve(who + ".har.json");
            Path log = work.resolve(who + ".log");
            Files.deleteIfExists(har);
            int exit = run(user, har, log);
            JsonNode entries = JSON.readTree(har.toFile()).path("log").path("entries");
            assertThat(entries.size()).as("requests sent as %s (exit %d, see %s)", who, exit, log).isPositive();
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (JsonNode entry : entries) {
                int status = entry.path("response").path("status").asInt();
                statuses.merge(status, 1, Integer::sum);
                allStatuses.merge(status, 1, Integer::sum);
                if (status >= 500) {
                    serverErrors.add(who + ": " + entry.path("request").path("method").asText() + " "
                            + entry.path("request").path("url").asText() + " -> " + status);
                }
            }
            requests += entries.size();
            System.out.printf("[fuzz] %-9s %5d requests, statuses %s, schemathesis exit %d%n", who, entries.size(),
                    statuses, exit);
        }
        System.out.printf("[fuzz] total     %5d requests, statuses %s, 5xx %d%n", requests, allStatuses,
                serverErrors.size());
        assertThat(serverErrors).as("responses with a 5xx status").isEmpty();
    }

    /** Runs schemathesis once for one caller and waits, bounded, for it to finish. */
    private int run(String user, Path har, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(st.toString(), "run", "http://127.0.0.1:" + port + "/v3/api-docs",
                "--checks", "not_a_server_error", "--max-examples", String.valueOf(MAX_EXAMPLES),
                "--max-time", String.valueOf(SECONDS_PER_RUN), "--workers", "1", "--no-shrink",
                "--seed", System.getenv().getOrDefault("ALLIANCE_FUZZ_SEED", "20261207"),
                "--request-timeout", "30", "--report", "har", "--report-har-path", har.toAbsolutePath().toString(),
                "--report-dir", har.getParent().toAbsolutePath().toString()));
        if (user != null) {
            command.addAll(List.of("--auth", user + ":" + Regions.DEV_PASSWORD));
        }
        // Run in target/fuzz: schemathesis keeps a cache (.schemathesis/) in its working directory.
        ProcessBuilder builder = new ProcessBuilder(command).directory(har.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("NO_COLOR", "1");
        Process process = builder.start();
        if (!process.waitFor(SECONDS_PER_RUN + 120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("schemathesis did not finish within its time limit; see " + log);
        }
        return process.exitValue();
    }

    /** The schemathesis executable; {@link SuitePrerequisites} has skipped the suite where it is missing. */
    private static Path schemathesis() {
        return SuitePrerequisites.schemathesis();
    }
}
