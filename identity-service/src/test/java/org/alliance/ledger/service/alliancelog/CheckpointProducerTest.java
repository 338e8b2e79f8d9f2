package org.alliance.ledger.service.alliancelog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.alliance.ledger.core.codec.StrictJson;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.record.LogCheckpointBody;
import org.alliance.ledger.service.outbox.OutboxWorker;
import org.alliance.ledger.service.testkit.SecondInstance;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two service instances on one ledger, over HTTP: Chaozhou's produces the alliance log's
 * checkpoints and this one (Zhangzhou) witnesses them. A checkpoint is signed by Chaozhou,
 * co-signed by Zhangzhou after it checked the tree against its own ledger, and recorded; the next
 * one carries the consistency proof from the first, which the rules check; a log that grew only by
 * its own checkpoint records is up to date; an instance that is not the producer says so.
 */
class CheckpointProducerTest extends ServiceTestBase {
    @Value("${local.server.port}")
    private int port;

    @Test
    void chaozhouProducesZhangzhouCosignsAndTheLedgerKeepsOneConsistentChain() throws Exception {
        api.receive(DemoAlliance.PENSION_TRANSFER);
        worker.drain();
        try (ConfigurableApplicationContext chaozhou = SecondInstance.start(clock, port, ledgerProperties, DemoAlliance.CHAOZHOU,
                "--alliance.log.produce=true",
                "--alliance.log.interval=PT1H",
                "--alliance.log.witnesses." + DemoAlliance.ZHANGZHOU + "=http://127.0.0.1:" + port)) {
            int chaozhouPort = ((WebServerApplicationContext) chaozhou).getWebServer().getPort();
            OutboxWorker chaozhouWorker = chaozhou.getBean(OutboxWorker.class);

            JsonNode first = checkpointWhenCaughtUp(chaozhouPort);
            assertThat(first.get("outcome").asText()).as(first.toString()).isEqualTo("RECORDED");
            assertThat(first.get("cosignedBy")).hasSize(1);
            assertThat(first.get("cosignedBy").get(0).asText()).isEqualTo(DemoAlliance.ZHANGZHOU);
            chaozhouWorker.drain();
            LogCheckpointBody firstBody = recorded(first.get("recordId").asText());
            assertThat(firstBody.treeSize()).isEqualTo(first.get("treeSize").asLong());
            assertThat(firstBody.cosignatures()).singleElement()
                    .satisfies(c -> assertThat(c.org()).isEqualTo(DemoAlliance.ZHANGZHOU));
            assertThat(firstBody.signature().org()).isEqualTo(DemoAlliance.CHAOZHOU);

            // Only the checkpoint's own record since: nothing to checkpoint.
            assertThat(checkpointWhenCaughtUp(chaozhouPort).get("outcome").asText()).isEqualTo("UP_TO_DATE");

            api.receive(DemoAlliance.PENSION_TRANSFER);
            worker.drain();
            JsonNode second = checkpointWhenCaughtUp(chaozhouPort);
            assertThat(second.get("outcome").asText()).as(second.toString()).isEqualTo("RECORDED");
            chaozhouWorker.drain();
            LogCheckpointBody secondBody = recorded(second.get("recordId").asText());
            assertThat(secondBody.treeSize()).isGreaterThan(firstBody.treeSize());
            // The rules accepted it only with a consistency proof from the first.
            assertThat(secondBody.proof()).isNotEmpty();
            assertThat(ledger.record(second.get("recordId").asText()).orElseThrow().signedRecord().record().prev())
                    .isEqualTo(org.alliance.ledger.core.record.RecordCodec.taggedHash(
                            ledger.record(first.get("recordId").asText()).orElseThrow().signedRecord().record()));

            // The witness remembers the second as the last it co-signed.
            JsonNode witness = get(port, "/api/log/witness");
            assertThat(witness.at("/lastCosigned/checkpoint/treeSize").asLong()).isEqualTo(secondBody.treeSize());
        }
        // This instance is not the producer; nobody signed in may not ask.
        assertThat(post(port, "admin", "/api/log/checkpoint").get("reason").asText()).isEqualTo("NOT_THE_PRODUCER");
        assertThat(post(port, null, "/api/log/checkpoint").get("status").asInt()).isEqualTo(401);
    }

    private JsonNode checkpointWhenCaughtUp(int producerPort) throws Exception {
        JsonNode answer = null;
        for (int i = 0; i < 50; i++) {
            answer = post(producerPort, "admin", "/api/log/checkpoint");
            if (!"NOT_CAUGHT_UP".equals(answer.path("outcome").asText())) {
                return answer;
            }
            Thread.sleep(200);
        }
        return answer;
    }

    private LogCheckpointBody recorded(String recordId) {
        return (LogCheckpointBody) ledger.record(recordId).orElseThrow().signedRecord().record().body();
    }

    private static JsonNode get(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build();
        return StrictJson.mapper().readTree(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private static JsonNode post(int port, String user, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":alliance-dev").getBytes(StandardCharsets.UTF_8)));
        }
        return StrictJson.mapper().readTree(HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }
}
