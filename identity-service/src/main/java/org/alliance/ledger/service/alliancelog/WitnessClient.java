package org.alliance.ledger.service.alliancelog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.function.BiPredicate;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;
import org.alliance.ledger.core.codec.StrictJson;
import org.alliance.ledger.core.log.AllianceLog;
import org.alliance.ledger.core.record.CheckpointSignature;

/**
 * Asks one other member's service instance to witness a checkpoint, as its witness API expects:
 * the consistency proof is from the size that witness last co-signed, which it reports; a witness
 * that co-signed a newer tree meanwhile answers PROOF_MISMATCH with its size, and is asked once
 * more with a proof from there; one whose ledger has not yet caught up is asked again until the
 * timeout.
 */
final class WitnessClient {
    private static final Duration BEHIND_PAUSE = Duration.ofMillis(300);

    private final String org;
    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    /** The outcome of one request: the witness's co-signature, or why there is none. */
    record Answer(String org, CheckpointSignature cosignature, String refusal) {
    }

    WitnessClient(String org, URI base, HttpClient http, Duration timeout) {
        this.org = org;
        this.base = base;
        this.http = http;
        this.timeout = timeout;
    }

    /**
     * Asks for a co-signature.
     *
     * @param candidate the checkpoint, signed by this member
     * @param log the log the checkpoint is of, for the proofs
     * @param trusted whether a key is one the agreement in force registers for an org: a
     *     co-signature by any other key is no co-signature
     * @return the answer; never throws for the witness's failures
     */
    Answer ask(SignedCheckpoint candidate, AllianceLog log, BiPredicate<String, PublicKey> trusted)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            long from = witnessSize();
            for (int tries = 0; ; tries++) {
                HttpResponse<String> r = post(candidate, proof(log, from, candidate.checkpoint().treeSize()));
                JsonNode body = StrictJson.parseTree(r.body().getBytes(StandardCharsets.UTF_8), 2 * SignedCheckpoint.MAX_BYTES);
                if (r.statusCode() == 200) {
                    SignedCheckpoint cosigned = SignedCheckpoint.fromJson(r.body().getBytes(StandardCharsets.UTF_8));
                    return cosigned.cosignatures().stream().filter(c -> c.org().equals(org)).findFirst()
                            .filter(c -> c.problem(candidate.checkpoint().canonicalBytes(),
                                    (o, k) -> o.equals(org) && trusted.test(o, k)).isEmpty())
                            .map(c -> new Answer(org, c, null))
                            .orElseGet(() -> new Answer(org, null, "its answer carries no valid co-signature of " + org
                                    + " by a key the agreement in force registers"));
                }
                String reason = body.path("reason").asText("HTTP " + r.statusCode());
                boolean again = System.nanoTime() < deadline && tries < 20;
                if ("CHECKPOINT_PROOF_MISMATCH".equals(reason) && body.has("witnessSize") && again) {
                    from = body.get("witnessSize").asLong();
                } else if ("CHECKPOINT_AHEAD_OF_WITNESS".equals(reason) && again) {
                    Thread.sleep(BEHIND_PAUSE);
                } else {
                    return new Answer(org, null, reason + ": " + body.path("detail").asText(""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Answer(org, null, "UNREACHABLE: " + e);
        }
    }

    /** The size the witness last co-signed, 0 if none. */
    private long witnessSize() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/log/witness")).timeout(timeout)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET /api/log/witness answered " + r.statusCode());
        }
        JsonNode last = StrictJson.parseTree(r.body().getBytes(StandardCharsets.UTF_8), 2 * SignedCheckpoint.MAX_BYTES)
                .path("lastCosigned");
        return last.isObject() ? last.path("checkpoint").path("treeSize").asLong() : 0;
    }

    private static JsonNode proof(AllianceLog log, long from, long to) {
        // A witness's first checkpoint, or the same size again, needs none; a witness ahead of this
        // log cannot be given one, and will refuse the smaller tree itself.
        return from == 0 || from >= to ? null : log.consistencyProof(from, to).toJsonTree();
    }

    private HttpResponse<String> post(SignedCheckpoint candidate, JsonNode proof) throws IOException, InterruptedException {
        ObjectNode body = StrictJson.mapper().createObjectNode();
        body.set("checkpoint", candidate.toJsonTree());
        if (proof != null) {
            body.set("proof", proof);
        }
        return http.send(HttpRequest.newBuilder(base.resolve("/api/log/witness")).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }
}
