package org.alliance.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * What the {@code alliance} commands share: they act through the members' own service instances
 * as each member's admin would, one signature after another, since a signature follows the
 * agreement's latest record and so must wait for the one before it to be committed. Each
 * instance says which org it acts for and which key it signs records with
 * ({@code GET /api/signing-key}); the agreement is read as each instance sees it
 * ({@code GET /api/agreements/{id}}).
 */
abstract class AllianceCeremony extends CliCommand {
    /** Shared with the subclasses, which build request bodies with it. */
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(500);

    @Option(names = "--instance", required = true, paramLabel = "URL",
            description = "A member's service instance, e.g. http://127.0.0.1:8081: one for each member, the proposer first.")
    List<URI> instances;

    @Option(names = "--agreement", defaultValue = "agr-demo-alliance", paramLabel = "ID",
            description = "The agreement id (default agr-demo-alliance).")
    String agreementId;

    @Option(names = "--user", defaultValue = "admin", paramLabel = "NAME", description = "Each instance's admin (default admin).")
    private String user;

    @Option(names = "--password-env", defaultValue = "ALLIANCE_DEV_PASSWORD", paramLabel = "VAR",
            description = "The environment variable holding the admins' password (default ALLIANCE_DEV_PASSWORD; "
                    + "the development password when unset).")
    private String passwordEnv;

    @Option(names = "--timeout", defaultValue = "180", paramLabel = "SECONDS",
            description = "How long to wait in all (default 180).")
    private int timeoutSeconds;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String authorization;
    private long deadline;

    /** One member's instance, as it describes itself. */
    record Instance(URI url, String org, String hashAlgorithm, String publicKey) {
    }

    /**
     * Checks the shared options and starts the clock; subclasses call it first.
     *
     * @throws CliFailure if the timeout is not positive
     */
    void start() {
        if (timeoutSeconds < 1) {
            throw CliFailure.input("--timeout must be at least 1 second", null);
        }
        String password = System.getenv().getOrDefault(passwordEnv, "alliance-dev");
        authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    }

    /** Each instance's org and key, waiting for each to answer; no two may act for the same org. */
    List<Instance> describe(List<URI> urls) throws IOException, InterruptedException {
        List<Instance> described = new ArrayList<>();
        Map<String, URI> byOrg = new LinkedHashMap<>();
        for (URI url : urls) {
            JsonNode key = until(url + " to answer", () -> {
                HttpResponse<String> r = send(HttpRequest.newBuilder(url.resolve("/api/signing-key")).GET(), false);
                return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
            });
            Instance instance = new Instance(url, key.path("org").asText(), key.path("hashAlgorithm").asText(),
                    key.path("publicKey").asText());
            URI other = byOrg.putIfAbsent(instance.org(), url);
            if (other != null) {
                throw CliFailure.input(url + " and " + other + " both act for " + instance.org(), null);
            }
            described.add(instance);
        }
        return described;
    }

    /**
     * Posts a proposal through an instance.
     *
     * @param proposer the proposing member's instance
     * @param path the API path
     * @param body the JSON body
     * @param idempotencyKey the same key for the same proposal, so a repeated run proposes it once
     * @param what the proposal, in words, for the error message
     */
    void propose(Instance proposer, String path, JsonNode body, String idempotencyKey, String what)
            throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(proposer.url().resolve(path))
                .header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), true);
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw CliFailure.invalid(proposer.org() + " could not propose " + what + ": HTTP " + r.statusCode() + " "
                    + r.body());
        }
    }

    /**
     * Signs a version through the member's own instance once that instance sees its proposal and
     * the earlier signatures committed; then waits for this signature to be committed too.
     */
    void sign(Instance member, int version) throws IOException, InterruptedException {
        JsonNode seen = until(member.org() + " to see version " + version
                + "'s proposal and the earlier signatures committed", () -> {
                    JsonNode v = version(member, version);
                    if (v == null || !committed(v.path("ledger"))) {
                        return null;
                    }
                    for (JsonNode s : v.path("signatures")) {
                        if (!committed(s.path("ledger"))) {
                            return null;
                        }
                    }
                    return v;
                });
        if (signedBy(seen, member.org())) {
            println(member.org() + " has signed version " + version + " already");
            return;
        }
        HttpResponse<String> r = send(HttpRequest.newBuilder(member.url().resolve("/api/agreements/" + agreementId
                        + "/versions/" + version + "/sign"))
                .header("Idempotency-Key", "alliance-" + agreementId + "-v" + version + "-sign-" + member.org())
                .POST(HttpRequest.BodyPublishers.noBody()), true);
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw CliFailure.invalid(member.org() + " could not sign version " + version + " of " + agreementId
                    + ": HTTP " + r.statusCode() + " " + r.body());
        }
        until(member.org() + "'s signature of version " + version + " to be committed", () -> {
            JsonNode v = version(member, version);
            if (v == null) {
                return null;
            }
            for (JsonNode s : v.path("signatures")) {
                if (s.path("org").asText().equals(member.org()) && committed(s.path("ledger"))) {
                    return v;
                }
            }
            return null;
        });
        println(member.org() + " signed version " + version + " of " + agreementId + " through " + member.url());
    }

    /** Waits until every instance sees the version (or a later one) in force. */
    void awaitInForce(List<Instance> signatories, int version) throws IOException, InterruptedException {
        for (Instance m : signatories) {
            until(agreementId + " version " + version + " to be in force on " + m.org() + "'s instance", () -> {
                JsonNode a = agreement(m);
                return a != null && a.path("activeVersion").asInt() >= version ? a : null;
            });
        }
        println(agreementId + " version " + version + " is in force on every member's instance: " + String.join(", ",
                signatories.stream().map(Instance::org).toList()));
    }

    /** A version as the instance sees it, in force or pending; null while it sees no such version. */
    JsonNode version(Instance instance, int version) throws IOException, InterruptedException {
        JsonNode a = agreement(instance);
        if (a == null) {
            return null;
        }
        if (a.path("current").path("version").asInt() == version) {
            return a.path("current");
        }
        for (JsonNode v : a.path("pending")) {
            if (v.path("version").asInt() == version) {
                return v;
            }
        }
        return null;
    }

    private static boolean signedBy(JsonNode version, String org) {
        for (JsonNode s : version.path("signatures")) {
            if (s.path("org").asText().equals(org)) {
                return true;
            }
        }
        return false;
    }

    /** A record's ledger progress says committed; a record read from the ledger has none. */
    private static boolean committed(JsonNode progress) {
        return progress.isMissingNode() || "COMMITTED".equals(progress.path("status").asText());
    }

    /** The agreement as the instance sees it, or null while it knows none. */
    JsonNode agreement(Instance instance) throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(instance.url().resolve("/api/agreements/" + agreementId)).GET(),
                true);
        if (r.statusCode() == 404) {
            return null;
        }
        if (r.statusCode() != 200) {
            throw CliFailure.invalid(instance.org() + "'s instance answered HTTP " + r.statusCode() + " for "
                    + agreementId + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request, boolean signedIn) throws IOException, InterruptedException {
        if (signedIn) {
            request.header("Authorization", authorization);
        }
        return http.send(request.header("Accept", "application/json").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A check that may throw; it answers null until what it waits for holds. */
    @FunctionalInterface
    interface Check<T> {
        T get() throws IOException, InterruptedException;
    }

    /** Polls the check until it answers, or gives up at the command's deadline. */
    <T> T until(String what, Check<T> check) throws IOException, InterruptedException {
        String last = "no answer yet";
        while (true) {
            try {
                T value = check.get();
                if (value != null) {
                    return value;
                }
            } catch (java.net.ConnectException | java.net.http.HttpTimeoutException e) {
                last = e.toString();
            }
            if (System.nanoTime() - deadline > 0) {
                throw CliFailure.invalid("gave up waiting for " + what + " after " + timeoutSeconds + " s (" + last + ")");
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
