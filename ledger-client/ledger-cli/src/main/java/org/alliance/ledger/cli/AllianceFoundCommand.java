package org.alliance.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.TreeSet;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.record.AgreementTerms;
import org.alliance.ledger.core.record.RecordCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code alliance found}: the founding ceremony of the demo alliance, carried out through the
 * members' own service instances as their admins would. Each instance says which org it acts
 * for and which key it signs records with; the first instance's admin proposes the demo
 * agreement registering those keys; then each admin signs it through its own instance, each
 * after the previous signature is on the ledger, since a signature follows the agreement's
 * latest record. Running it again resumes where it stopped and does nothing once the agreement
 * is in force.
 */
@Command(name = "found", description = {
    "Propose the demo alliance agreement through the first instance and have every member's admin",
    "sign it through its own instance, each after the previous signature is committed. Exit 0 once",
    "it is in force on every instance, 1 if it is not within --timeout, 2 on bad input."})
public final class AllianceFoundCommand extends CliCommand {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(500);

    @Option(names = "--instance", required = true, paramLabel = "URL",
            description = "A member's service instance, e.g. http://127.0.0.1:8081; one per member, the proposer first.")
    private List<URI> instances;

    @Option(names = "--agreement", defaultValue = "agr-demo-alliance", paramLabel = "ID",
            description = "The agreement id (default agr-demo-alliance).")
    private String agreementId;

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
    private record Instance(URI url, String org, String hashAlgorithm, String publicKey) {
    }

    @Override
    protected int run() throws Exception {
        if (timeoutSeconds < 1) {
            throw CliFailure.input("--timeout must be at least 1 second", null);
        }
        String password = System.getenv().getOrDefault(passwordEnv, "alliance-dev");
        authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();

        List<Instance> members = describe();
        Instance proposer = members.get(0);
        JsonNode current = agreement(proposer);
        if (current != null && current.path("activeVersion").asInt() >= 1) {
            println(agreementId + " is already in force (version " + current.path("activeVersion").asInt() + ")");
            return awaitInForce(members);
        }
        if (current == null || current.path("pending").isEmpty()) {
            propose(proposer, members);
        }
        for (Instance member : members) {
            sign(member);
        }
        return awaitInForce(members);
    }

    /** Every instance's org and key; the orgs must be exactly the demo alliance's members. */
    private List<Instance> describe() throws IOException, InterruptedException {
        List<Instance> members = new ArrayList<>();
        Map<String, URI> byOrg = new LinkedHashMap<>();
        for (URI url : instances) {
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
            members.add(instance);
        }
        if (!new TreeSet<>(byOrg.keySet()).equals(new TreeSet<>(DemoAlliance.mspIds()))) {
            throw CliFailure.input("the instances act for " + byOrg.keySet() + "; the demo alliance needs one instance "
                    + "of each of " + DemoAlliance.mspIds(), null);
        }
        return members;
    }

    private void propose(Instance proposer, List<Instance> members) throws IOException, InterruptedException {
        Map<String, String> keys = new LinkedHashMap<>();
        members.forEach(m -> keys.put(m.org(), m.publicKey()));
        AgreementTerms terms = DemoAlliance.terms(org -> List.of(keys.get(org)), DemoAlliance.catalogue(), List.of(),
                DemoAlliance.textHash(HashAlgorithm.fromId(proposer.hashAlgorithm()), agreementId));
        ObjectNode body = (ObjectNode) RecordCodec.toTree(terms);
        body.put("agreementId", agreementId);
        HttpResponse<String> r = send(HttpRequest.newBuilder(proposer.url().resolve("/api/agreements"))
                .header("Content-Type", "application/json").header("Idempotency-Key", "found-" + agreementId)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), true);
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw CliFailure.invalid(proposer.org() + " could not propose " + agreementId + ": HTTP " + r.statusCode()
                    + " " + r.body());
        }
        println(proposer.org() + " proposed " + agreementId + " version 1 with " + members.size() + " members");
    }

    /** Signs through the member's own instance once it sees the proposal and the earlier signatures committed. */
    private void sign(Instance member) throws IOException, InterruptedException {
        JsonNode version = until(member.org() + " to see the proposal and the earlier signatures committed", () -> {
            JsonNode a = agreement(member);
            if (a == null) {
                return null;
            }
            if (a.path("activeVersion").asInt() >= 1) {
                return a.path("current");
            }
            JsonNode v = a.path("pending").path(0);
            if (v.isMissingNode() || !committed(v.path("ledger"))) {
                return null;
            }
            for (JsonNode s : v.path("signatures")) {
                if (!committed(s.path("ledger"))) {
                    return null;
                }
            }
            return v;
        });
        for (JsonNode s : version.path("signatures")) {
            if (s.path("org").asText().equals(member.org())) {
                println(member.org() + " has signed already");
                return;
            }
        }
        HttpResponse<String> r = send(HttpRequest.newBuilder(member.url().resolve("/api/agreements/" + agreementId
                        + "/versions/" + version.path("version").asInt() + "/sign"))
                .header("Idempotency-Key", "found-" + agreementId + "-sign-" + member.org())
                .POST(HttpRequest.BodyPublishers.noBody()), true);
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw CliFailure.invalid(member.org() + " could not sign " + agreementId + ": HTTP " + r.statusCode() + " "
                    + r.body());
        }
        until(member.org() + "'s signature to be committed", () -> {
            JsonNode a = agreement(member);
            if (a == null) {
                return null;
            }
            JsonNode v = a.path("activeVersion").asInt() >= 1 ? a.path("current") : a.path("pending").path(0);
            for (JsonNode s : v.path("signatures")) {
                if (s.path("org").asText().equals(member.org()) && committed(s.path("ledger"))) {
                    return v;
                }
            }
            return null;
        });
        println(member.org() + " signed " + agreementId + " through " + member.url());
    }

    private int awaitInForce(List<Instance> members) throws IOException, InterruptedException {
        for (Instance m : members) {
            until(agreementId + " to be in force on " + m.org() + "'s instance", () -> {
                JsonNode a = agreement(m);
                return a != null && a.path("activeVersion").asInt() >= 1 ? a : null;
            });
        }
        println(agreementId + " is in force on every member's instance: " + String.join(", ",
                members.stream().map(Instance::org).toList()));
        return ExitCodes.OK;
    }

    /** A record's ledger progress says committed; a record read from the ledger has none. */
    private static boolean committed(JsonNode progress) {
        return progress.isMissingNode() || "COMMITTED".equals(progress.path("status").asText());
    }

    /** The agreement as the instance sees it, or null while it knows none. */
    private JsonNode agreement(Instance instance) throws IOException, InterruptedException {
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
    private interface Check<T> {
        T get() throws IOException, InterruptedException;
    }

    private <T> T until(String what, Check<T> check) throws IOException, InterruptedException {
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
