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
 * loopback port, reading the OpenAPI document at {@code /v3/api-docs}.
 *
 * <p>Once anonymously and once as each development user, whose credentials schemathesis gives to
 * the document's security scheme (so it signs in on the operations that declare it), it sends every
 * operation its documented examples (phase {@code examples}; the few operations without any input
 * get the {@code coverage} phase's cases instead). Both are bounded by the document, not by time, so
 * every caller must reach every operation however slow the machine: each one requested, each one
 * its role may call answered past the security filter (not 401 UNAUTHENTICATED or 403 FORBIDDEN),
 * each one it may not call refused by the filter and never answered 2xx. A deep run as a user
 * holding every role then sends generated requests, valid and invalid, and linked sequences
 * ({@value #DEEP}) for a fixed time (45 s; {@code -Dfuzz.deep-seconds=N}). In every run no response
 * may be a 5xx, and every response must conform to the schema the document gives it
 * (schemathesis's {@code response_schema_conformance}: refusals to the problem+json schema,
 * answers to theirs) and have a status its operation declares. The document itself must be a
 * valid OpenAPI document ({@code openapi-spec-validator}).
 *
 * <p>Schemathesis and openapi-spec-validator are Python tools from PyPI: {@code .ci/run} installs
 * the pinned versions into {@code ~/.cache/alliance-ci/schemathesis}; {@code ALLIANCE_SCHEMATHESIS}
 * names another {@code st} executable, with the validator beside it. Without them the test is
 * skipped with one line saying so. The seed is fixed ({@code ALLIANCE_FUZZ_SEED} changes it), and
 * each run's requests, operations reached, statuses and seconds are printed. One worker: on Python
 * 3.11 before 3.11.8 two workers' threads race in the {@code ast} module that hypothesis uses, and
 * schemathesis reports a runtime error of its own.
 */
@Tag("fuzz")
@SpringBootTest(classes = AllianceServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "alliance.data-dir=target/test-data/fuzz-${random.uuid}",
            "spring.datasource.url=jdbc:h2:mem:fuzz-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
@DirtiesContext
class ApiFuzzTest {
    /**
     * The phases of the deep run: generated requests, valid and invalid, spread over every
     * operation, and linked sequences, until its time is up.
     */
    private static final String DEEP = "fuzzing,stateful";
    private static final int MAX_EXAMPLES = Integer.getInteger("fuzz.examples", 10);
    private static final int DEEP_SECONDS = Integer.getInteger("fuzz.deep-seconds", 45);
    private static final List<String> USERS = List.of("applicant", "clerk", "approver", "issuer", "auditor", "admin");
    /** A test user holding every role, so the deep run's cases get past the filter everywhere. */
    private static final String EVERY_ROLE = "every-role";
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

    /**
     * The development users, with their password stored as is ({@code {noop}}) rather than
     * bcrypt-encoded at startup: the same sign-in path, without a bcrypt check on each of thousands
     * of requests. Spring replaces a list as a whole, so every user is listed again.
     */
    @DynamicPropertySource
    static void users(DynamicPropertyRegistry registry) {
        for (int i = 0; i < USERS.size(); i++) {
            String user = USERS.get(i);
            registry.add("alliance.security.users[" + i + "].name", () -> user);
            registry.add("alliance.security.users[" + i + "].password", () -> "{noop}" + Regions.DEV_PASSWORD);
            registry.add("alliance.security.users[" + i + "].roles", () -> user.toUpperCase(Locale.ROOT));
        }
        String every = USERS.size() + "]";
        registry.add("alliance.security.users[" + every + ".name", () -> EVERY_ROLE);
        registry.add("alliance.security.users[" + every + ".password", () -> "{noop}" + Regions.DEV_PASSWORD);
        registry.add("alliance.security.users[" + every + ".roles", () -> String.join(",", USERS).toUpperCase(Locale.ROOT));
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
        List<Caller> callers = new ArrayList<>();

        JsonNode doc = JSON.readTree(document().toFile());
        Map<String, Operation> operations = operations(doc);
        String scheme = ApiDocumentTest.names(doc.at("/components/securitySchemes")).getFirst();
        assertThat(scheme).isEqualTo(ApiDocumentation.BASIC);
        // Operations with no input have no example to send; the coverage phase sends them its few cases.
        List<String> noInput = new ArrayList<>();
        doc.path("paths").forEach(path -> path.forEach(op -> {
            if (!op.has("parameters") && !op.has("requestBody")) {
                noInput.add(op.path("operationId").asText());
            }
        }));
        List<Run> reach = List.of(new Run("examples", 0, List.of()), new Run("coverage", 0, noInput));
        callers.add(new Caller("anonymous", null, reach, true));
        USERS.forEach(user -> callers.add(new Caller(user, user, reach, true)));
        callers.add(new Caller("deep", EVERY_ROLE, List.of(new Run(DEEP, DEEP_SECONDS, List.of())), false));
        Map<Integer, Integer> allStatuses = new TreeMap<>();
        List<String> serverErrors = new ArrayList<>();
        List<String> failedRuns = new ArrayList<>();
        List<String> unreached = new ArrayList<>();
        List<String> undeclared = new ArrayList<>();
        int requests = 0;
        for (Caller caller : callers) {
            String who = caller.name();
            long started = System.nanoTime();
            List<JsonNode> entries = new ArrayList<>();
            int exit = 0;
            for (int i = 0; i < caller.runs().size(); i++) {
                Path har = work.resolve(who + "-" + i + ".har.json");
                Path log = work.resolve(who + "-" + i + ".log");
                Files.deleteIfExists(har);
                int code = run(caller.user(), caller.runs().get(i), scheme, har, log);
                JSON.readTree(har.toFile()).path("log").path("entries").forEach(entries::add);
                if (code != 0) {
                    exit = code;
                    failedRuns.add(who + " (exit " + code + "):\n" + failures(log));
                }
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            assertThat(entries).as("requests sent as %s (see target/fuzz/%s-*.log)", who, who).isNotEmpty();
            Map<Integer, Integer> statuses = new TreeMap<>();
            Map<String, List<Answer>> answers = new TreeMap<>();
            for (JsonNode entry : entries) {
                int status = entry.path("response").path("status").asInt();
                statuses.merge(status, 1, Integer::sum);
                allStatuses.merge(status, 1, Integer::sum);
                String method = entry.path("request").path("method").asText();
                String path = URI.create(entry.path("request").path("url").asText()).getRawPath();
                String reason = reason(entry.path("response").path("content").path("text").asText());
                for (Map.Entry<String, Operation> op : operations.entrySet()) {
                    if (op.getKey().startsWith(method + " ") && op.getValue().path().matcher(path).matches()) {
                        answers.computeIfAbsent(op.getKey(), k -> new ArrayList<>())
                                .add(new Answer(status, reason));
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
            if (caller.mustReach()) {
                unreached.addAll(reach(who, caller.user(), operations, answers));
            }
            requests += entries.size();
            System.out.printf("[fuzz] %-9s %5d requests in %3d s, %d of %d operations, statuses %s, schemathesis exit %d%n",
                    who, entries.size(), seconds, answers.size(), operations.size(), statuses, exit);
        }
        System.out.printf("[fuzz] total     %5d requests, statuses %s, 5xx %d%n", requests, allStatuses,
                serverErrors.size());
        assertThat(serverErrors).as("responses with a 5xx status").isEmpty();
        assertThat(failedRuns).as("schemathesis runs with failed checks").isEmpty();
        assertThat(unreached).as("operations a caller did not reach as its credentials allow").isEmpty();
        assertThat(undeclared).as("answers with a status the operation does not declare").isEmpty();
    }

    /**
     * What one caller's run did not do: request every operation; get past the security filter on
     * every operation its role may call (an answer other than 401 UNAUTHENTICATED or 403
     * FORBIDDEN, which only the credentials schemathesis gave to the document's scheme can earn);
     * and, where its role is not listed, be refused by the filter (401 anonymously, 403 signed in,
     * so the credentials were sent there too) and never answered 2xx.
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
            } else if (!allowed && got.stream().noneMatch(a -> a.status() == (user == null ? 401 : 403)
                    && a.refusedBySecurity())) {
                out.add(who + ": " + name + " never refused by the security filter");
            }
        });
        return out;
    }

    /** One answer: its status and the problem's reason, if any. */
    private record Answer(int status, String reason) {
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

    /**
     * Who calls (a user, or null for anonymous), with which schemathesis runs, and whether every
     * operation must be reached (the runs bounded by the document's examples must; the time-boxed
     * deep run need not).
     */
    private record Caller(String name, String user, List<Run> runs, boolean mustReach) {
    }

    /** One schemathesis run: its phases, its time limit (0: none) and the operations it is limited to (all when empty). */
    private record Run(String phases, int seconds, List<String> operationIds) {
    }

    /** Runs schemathesis once for one caller and waits, bounded, for it to finish. */
    private int run(String user, Run spec, String scheme, Path har, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(st.toString(), "run", "http://127.0.0.1:" + port + "/v3/api-docs",
                "--checks", "not_a_server_error,response_schema_conformance", "--phases", spec.phases(),
                "--max-examples", String.valueOf(MAX_EXAMPLES), "--workers", "1", "--no-shrink",
                "--seed", System.getenv().getOrDefault("ALLIANCE_FUZZ_SEED", "20261207"),
                "--request-timeout", "30", "--report", "har", "--report-har-path", har.toAbsolutePath().toString(),
                "--report-dir", har.getParent().toAbsolutePath().toString()));
        if (spec.seconds() > 0) {
            command.addAll(List.of("--max-time", String.valueOf(spec.seconds())));
        }
        spec.operationIds().forEach(id -> command.addAll(List.of("--include-operation-id", id)));
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
        if (!process.waitFor(spec.seconds() + 300, TimeUnit.SECONDS)) {
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
