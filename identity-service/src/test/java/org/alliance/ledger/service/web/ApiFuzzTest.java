package org.alliance.ledger.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.alliance.ledger.core.merkle.tiles.SyntheticLibrary;
import org.alliance.ledger.service.AllianceServiceApplication;
import org.alliance.ledger.service.testkit.Regions;
import org.alliance.ledger.service.testkit.SuitePrerequisites;
import org.alliance.ledger.service.testkit.TestLibraries;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Schemathesis against the whole service (real face engine, outbox worker running, a fresh
 * embedded ledger and in-memory database, a certificate library of 1000 certificates) on a free
 * loopback port: it reads the OpenAPI document at {@code /v3/api-docs} and sends generated
 * requests, valid and invalid, to every operation, once anonymously and once as each development
 * user, whose credentials schemathesis gives to the document's security scheme (so it signs in on
 * exactly the operations that declare it). No response may be a 5xx, every response must conform
 * to the schema the document gives it (schemathesis's {@code response_schema_conformance}:
 * refusals to the problem+json schema, answers to theirs) and have a status its operation
 * declares, and every caller must reach every operation: each one requested, each one its role
 * may call answered past the security filter (not 401 UNAUTHENTICATED or 403 FORBIDDEN), none
 * it may not call answered 2xx.
 * The document itself must be a valid OpenAPI document ({@code openapi-spec-validator}).
 *
 * <p>Schemathesis and openapi-spec-validator are Python tools from PyPI: {@code .ci/run} installs
 * the pinned versions into {@code ~/.cache/alliance-ci/schemathesis}; {@code ALLIANCE_SCHEMATHESIS}
 * names another {@code st} executable, with the validator beside it. Without them the test is
 * skipped with one line saying so. Each run is bounded by {@value #MAX_EXAMPLES}
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

    /** A small certificate library, so that its endpoints are fuzzed serving one rather than answering 404. */
    @DynamicPropertySource
    static void library(DynamicPropertyRegistry registry) {
        registry.add("alliance.library.tiles", () -> {
            Path tiles = Path.of("target", "fuzz", "library-" + UUID.randomUUID());
            TestLibraries.build(tiles, TestLibraries.records(new SyntheticLibrary(1), 1000));
            return tiles.toAbsolutePath().toString();
        });
    }

    @BeforeAll
    static void findSchemathesis() {
        st = schemathesis();
    }

    @Test
    void theDocumentIsValidOpenApi() throws Exception {
        Path doc = document();
        Path log = doc.resolveSibling("openapi-spec-validator.log");
        Process process = new ProcessBuilder(SuitePrerequisites.openApiValidator().toString(), doc.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("openapi-spec-validator did not finish within 120 s");
        }
        String output = Files.readString(log).strip();
        System.out.printf("[fuzz] openapi-spec-validator: %s (exit %d)%n", output, process.exitValue());
        assertThat(process.exitValue()).as("openapi-spec-validator: %s", output).isZero();
    }

    @Test
    void everyRoleReachesEveryOperationWithTheDocumentsSchemeAndNoneAnswersAServerErrorOrOutsideItsSchema()
            throws Exception {
        Path work = Files.createDirectories(Path.of("target", "fuzz"));
        List<String> callers = new ArrayList<>();
        callers.add(null);
        callers.addAll(USERS);

        JsonNode doc = JSON.readTree(document().toFile());
        Map<String, Operation> operations = operations(doc);
        String scheme = ApiDocumentTest.names(doc.at("/components/securitySchemes")).getFirst();
        assertThat(scheme).isEqualTo(ApiDocumentation.BASIC);
        Map<Integer, Integer> allStatuses = new TreeMap<>();
        List<String> serverErrors = new ArrayList<>();
        List<String> failedRuns = new ArrayList<>();
        List<String> unreached = new ArrayList<>();
        List<String> undeclared = new ArrayList<>();
        int requests = 0;
        for (String user : callers) {
            String who = user == null ? "anonymous" : user;
            Path har = work.resolve(who + ".har.json");
            Path log = work.resolve(who + ".log");
            Files.deleteIfExists(har);
            int exit = run(user, scheme, har, log);
            JsonNode entries = JSON.readTree(har.toFile()).path("log").path("entries");
            assertThat(entries.size()).as("requests sent as %s (exit %d, see %s)", who, exit, log).isPositive();
            Map<Integer, Integer> statuses = new TreeMap<>();
            Map<String, List<Answer>> answers = new TreeMap<>();
            for (JsonNode entry : entries) {
                int status = entry.path("response").path("status").asInt();
                statuses.merge(status, 1, Integer::sum);
                allStatuses.merge(status, 1, Integer::sum);
                String method = entry.path("request").path("method").asText();
                String path = URI.create(entry.path("request").path("url").asText()).getRawPath();
                boolean signedIn = false;
                for (JsonNode header : entry.path("request").path("headers")) {
                    signedIn |= header.path("name").asText().equalsIgnoreCase("Authorization");
                }
                String reason = reason(entry.path("response").path("content").path("text").asText());
                for (Map.Entry<String, Operation> op : operations.entrySet()) {
                    if (op.getKey().startsWith(method + " ") && op.getValue().path().matcher(path).matches()) {
                        answers.computeIfAbsent(op.getKey(), k -> new ArrayList<>())
                                .add(new Answer(status, reason, signedIn));
                        if (!op.getValue().statuses().contains(String.valueOf(status))) {
                            undeclared.add(who + ": " + op.getKey() + " answered " + status + " " + reason);
                        }
                    }
                }
                if (status >= 500) {
                    serverErrors.add(who + ": " + method + " " + entry.path("request").path("url").asText() + " -> "
                            + status);
                }
            }
            unreached.addAll(reach(who, user, operations, answers));
            requests += entries.size();
            if (exit != 0) {
                failedRuns.add(who + " (exit " + exit + "):\n" + failures(log));
            }
            System.out.printf("[fuzz] %-9s %5d requests, %d of %d operations, statuses %s, schemathesis exit %d%n", who,
                    entries.size(), answers.size(), operations.size(), statuses, exit);
        }
        System.out.printf("[fuzz] total     %5d requests, statuses %s, 5xx %d%n", requests, allStatuses,
                serverErrors.size());
        assertThat(serverErrors).as("responses with a 5xx status").isEmpty();
        assertThat(failedRuns).as("schemathesis runs with failed checks").isEmpty();
        assertThat(unreached).as("operations a caller did not reach as its credentials allow").isEmpty();
        assertThat(undeclared).as("answers with a status the operation does not declare").isEmpty();
    }

    /**
     * What one caller's run did not do: request every operation; sign in (with the document's
     * scheme) on exactly the operations that declare it; get past the security filter on every
     * operation its role may call (an answer other than 401 UNAUTHENTICATED or 403 FORBIDDEN); and
     * never get past it where its role is not listed.
     */
    private static List<String> reach(String who, String user, Map<String, Operation> operations,
            Map<String, List<Answer>> answers) {
        List<String> out = new ArrayList<>();
        operations.forEach((name, op) -> {
            List<Answer> got = answers.getOrDefault(name, List.of());
            boolean allowed = op.roles() == null || op.optional() || user != null && op.roles().contains(user);
            if (got.isEmpty()) {
                out.add(who + ": " + name + " never requested");
            } else if (allowed && got.stream().allMatch(Answer::refusedBySecurity)) {
                out.add(who + ": " + name + " only refused by the security filter " + got.size() + " times");
            } else if (!allowed && got.stream().anyMatch(a -> a.status() < 300)) {
                out.add(who + ": " + name + " answered 2xx to a caller whose role it does not list");
            }
            boolean sendsCredentials = user != null && op.roles() != null;
            if (!op.optional() && got.stream().anyMatch(a -> a.signedIn() != sendsCredentials)) {
                out.add(who + ": " + name + (sendsCredentials ? " requested without" : " requested with")
                        + " credentials");
            }
        });
        return out;
    }

    /** One answer: its status, the problem's reason if any, and whether the request carried credentials. */
    private record Answer(int status, String reason, boolean signedIn) {
        boolean refusedBySecurity() {
            return status == 401 && "UNAUTHENTICATED".equals(reason) || status == 403 && "FORBIDDEN".equals(reason);
        }
    }

    /**
     * An operation of the document: the paths it takes, the statuses it declares, the roles of its
     * security requirement (null when it has none) and whether signing in is optional.
     */
    private record Operation(Pattern path, Set<String> statuses, Set<String> roles, boolean optional) {
    }

    private static String reason(String body) {
        try {
            return body.isEmpty() ? "" : JSON.readTree(body).path("reason").asText();
        } catch (IOException e) {
            return "";
        }
    }

    /** Runs schemathesis once for one caller and waits, bounded, for it to finish. */
    private int run(String user, String scheme, Path har, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(st.toString(), "run", "http://127.0.0.1:" + port + "/v3/api-docs",
                "--checks", "not_a_server_error,response_schema_conformance", "--max-examples", String.valueOf(MAX_EXAMPLES),
                "--max-time", String.valueOf(SECONDS_PER_RUN), "--workers", "1", "--no-shrink",
                "--seed", System.getenv().getOrDefault("ALLIANCE_FUZZ_SEED", "20261207"),
                "--request-timeout", "30", "--report", "har", "--report-har-path", har.toAbsolutePath().toString(),
                "--report-dir", har.getParent().toAbsolutePath().toString()));
        if (user != null) {
            // The credentials go to the document's security scheme: schemathesis sends them only to the
            // operations that declare it, so an operation missing its requirement is never reached.
            Path config = har.resolveSibling(user + ".schemathesis.toml");
            Files.writeString(config, """
                    [auth.openapi.%s]
                    username = "%s"
                    password = "%s"
                    """.formatted(scheme, user, Regions.DEV_PASSWORD));
            command.addAll(1, List.of("--config-file", config.toAbsolutePath().toString()));
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

    /** Fetches the service's OpenAPI document into {@code target/fuzz}. */
    private Path document() throws IOException, InterruptedException {
        Path doc = Files.createDirectories(Path.of("target", "fuzz")).resolve("api-docs.json");
        HttpResponse<byte[]> fetched = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v3/api-docs")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fetched.statusCode()).isEqualTo(200);
        return Files.write(doc, fetched.body());
    }

    /** The document's operations ({@code GET /api/cases/{id}}), each with what the document says of it. */
    private static Map<String, Operation> operations(JsonNode doc) {
        Map<String, Operation> out = new TreeMap<>();
        doc.path("paths").properties().forEach(path -> {
            Pattern regex = Pattern.compile(Arrays.stream(path.getKey().split("/", -1)).map(segment ->
                    segment.matches("\\{[^}]+}") ? "[^/]+" : Pattern.quote(segment)).collect(Collectors.joining("/")));
            path.getValue().properties().forEach(op -> {
                Set<String> roles = null;
                boolean optional = false;
                for (JsonNode requirement : op.getValue().path("security")) {
                    optional |= requirement.isEmpty();
                    for (JsonNode role : requirement.path(ApiDocumentation.BASIC)) {
                        roles = roles == null ? new TreeSet<>() : roles;
                        roles.add(role.asText());
                    }
                }
                out.put(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), new Operation(regex,
                        new TreeSet<>(ApiDocumentTest.names(op.getValue().path("responses"))), roles, optional));
            });
        });
        return out;
    }

    /** What schemathesis reported as failed: its summary from the first failure on, bounded. */
    private static String failures(Path log) throws IOException {
        String text = Files.readString(log);
        int from = text.indexOf("FAILURES");
        String part = from < 0 ? text : text.substring(from);
        return part.length() > 6000 ? part.substring(0, 6000) + "\n..." : part;
    }

    /** The schemathesis executable; {@link SuitePrerequisites} has skipped the suite where it is missing. */
    private static Path schemathesis() {
        return SuitePrerequisites.schemathesis();
    }
}
