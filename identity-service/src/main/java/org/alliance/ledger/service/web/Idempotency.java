package org.alliance.ledger.service.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.service.problem.ApiException;
import org.alliance.ledger.service.storage.Timestamps;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes that may be repeated safely: with an {@code Idempotency-Key} header, the first request
 * runs and its response is stored in the same transaction as its outbox entry; a repeat with the
 * same key by the same person and the same request gets that response again and writes nothing.
 * A key reused for a different request is refused ({@code IDEMPOTENCY_KEY_REUSED}), so a client
 * bug cannot silently return the wrong case.
 */
@Component
public class Idempotency {
    /** The request header that carries the key. */
    public static final String HEADER = "Idempotency-Key";
    /** The response header set on a replayed response. */
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    /**
     * Creates the store.
     *
     * @param jdbc the database
     * @param tx transactions
     * @param clock the clock
     */
    public Idempotency(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    /** What a write answered: its status and body. */
    public record Result(HttpStatus status, Object body) {
    }

    /**
     * Runs a write once per key.
     *
     * @param key the header value, or null for a plain (non-repeatable) write
     * @param principal who asks; keys are per person
     * @param request a description of the request (method, path, parameters, file hashes), so a
     *     key reused for something else is recognised
     * @param write the write; runs inside a transaction that also stores the response
     * @return the response, fresh or replayed
     */
    public ResponseEntity<String> run(String key, String principal, String request, Supplier<Result> write) {
        if (key == null) {
            return respond(tx.execute(s -> write.get()), false);
        }
        if (!KEY.matcher(key).matches()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "BAD_FIELD", "Idempotency-Key must be 1 to 128 printable "
                    + "ASCII characters", java.util.Map.of("field", HEADER));
        }
        String hash = Hex.encode(HashAlgorithm.SHA256.digest(request.getBytes(StandardCharsets.UTF_8)));
        Optional<ResponseEntity<String>> earlier = replay(key, principal, hash);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        try {
            return tx.execute(s -> {
                Result result = write.get();
                String body = json(result.body());
                jdbc.sql("insert into idempotency (idem_key, principal, request_hash, status, response_json, created_at) "
                                + "values (?, ?, ?, ?, ?, ?)")
                        .params(key, principal, hash, result.status().value(), body, Timestamps.of(clock.instant()))
                        .update();
                return json(result.status(), body, false);
            });
        } catch (DuplicateKeyException e) {
            // A concurrent request with the same key won; its transaction is the one that wrote.
            return replay(key, principal, hash).orElseThrow(() -> e);
        }
    }

    private Optional<ResponseEntity<String>> replay(String key, String principal, String hash) {
        record Stored(String hash, int status, String body) {
        }
        return jdbc.sql("select request_hash, status, response_json from idempotency where principal = ? and idem_key = ?")
                .params(principal, key)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getInt(2), rs.getString(3))).optional()
                .map(s -> {
                    if (!s.hash().equals(hash)) {
                        throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "IDEMPOTENCY_KEY_REUSED",
                                "this Idempotency-Key was used for a different request");
                    }
                    return json(HttpStatus.valueOf(s.status()), s.body(), true);
                });
    }

    private static ResponseEntity<String> respond(Result result, boolean replayed) {
        return json(result.status(), json(result.body()), replayed);
    }

    private static ResponseEntity<String> json(HttpStatus status, String body, boolean replayed) {
        ResponseEntity.BodyBuilder b = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        if (replayed) {
            b.header(REPLAYED, "true");
        }
        return b.body(body);
    }

    /**
     * A 200 JSON response written the same way as the stored ones.
     *
     * @param body the response object
     * @return the response
     */
    public static ResponseEntity<String> ok(Object body) {
        return json(HttpStatus.OK, json(body), false);
    }

    /**
     * The JSON the API answers with, the same for a fresh and a replayed response.
     *
     * @param body a response object (records, maps, lists, Jackson trees)
     * @return its JSON
     */
    public static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response cannot be written as JSON", e);
        }
    }
}
