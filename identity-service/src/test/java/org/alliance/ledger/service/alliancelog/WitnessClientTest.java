package org.alliance.ledger.service.alliancelog;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;
import org.alliance.ledger.core.codec.StrictJson;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.crypto.Signer;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.log.AllianceLog;
import org.alliance.ledger.core.record.CheckpointSignature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The producer's side of witnessing over real HTTP: a witness that answers with a co-signature
 * made with a key the agreement does not register for it has not co-signed, however valid the
 * signature; the same answer with a registered key is a co-signature.
 */
class WitnessClientTest {
    private static final String WITNESS = DemoAlliance.ZHANGZHOU;

    private final KeyPair witnessKey = Keys.generate(SignatureAlgorithm.SM2);
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aCosignatureCountsOnlyWithAKeyTheAgreementRegistersForTheWitness() throws Exception {
        URI witness = startWitness();
        AllianceLog log = new AllianceLog("ALLIANCE-DEMO", HashAlgorithm.SM3);
        for (int i = 0; i < 3; i++) {
            log.append(HashAlgorithm.SM3.digest(new byte[] {(byte) i}));
        }
        SignedCheckpoint candidate = SignedCheckpoint.sign(log.checkpoint(DemoAlliance.CHAOZHOU,
                Instant.parse("2026-12-07T08:00:00Z")), Signer.of(Keys.generate(SignatureAlgorithm.SM2)));
        WitnessClient client = new WitnessClient(WITNESS, witness, HttpClient.newHttpClient(), Duration.ofSeconds(5));

        WitnessClient.Answer untrusted = client.ask(candidate, log, (org, key) -> false);
        assertThat(untrusted.cosignature()).isNull();
        assertThat(untrusted.refusal()).contains("no valid co-signature of " + WITNESS)
                .contains("a key the agreement in force registers");

        WitnessClient.Answer trusted = client.ask(candidate, log,
                (org, key) -> org.equals(WITNESS) && key.equals(witnessKey.getPublic()));
        assertThat(trusted.refusal()).isNull();
        assertThat(trusted.cosignature().org()).isEqualTo(WITNESS);
    }

    /** A witness that has co-signed nothing yet and co-signs whatever it is sent. */
    private URI startWitness() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/log/witness", exchange -> {
            if (exchange.getRequestMethod().equals("GET")) {
                answer(exchange, "{\"lastCosigned\":null}");
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            SignedCheckpoint sent = SignedCheckpoint.fromJson(StrictJson.parseTree(body, 1 << 20).get("checkpoint")
                    .toString().getBytes(StandardCharsets.UTF_8));
            answer(exchange, sent.withCosignature(CheckpointSignature.sign(sent.checkpoint().canonicalBytes(), WITNESS,
                    Signer.of(witnessKey))).toJson());
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
