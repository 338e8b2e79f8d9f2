package org.alliance.ledger.service.alliancelog;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.Operation;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.codec.StrictJson;
import org.alliance.ledger.core.log.AllianceLog;
import org.alliance.ledger.core.log.WitnessRefusal;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/log}: this instance's view of the alliance log, its witness, and (for an admin) a
 * checkpoint on demand. The witness endpoints are open: a co-signature request proves itself by
 * the member's signature it carries, and refusals are evidence for anyone.
 */
@RestController
@RequestMapping(path = "/api/log", produces = MediaType.APPLICATION_JSON_VALUE)
class AllianceLogController {
    /** A request as a producer sends it: its shape, with a signature no member key makes. */
    static final String WITNESS_REQUEST_EXAMPLE = """
            {"checkpoint": {"checkpoint": {"format": "alliance-checkpoint/v1", "allianceId": "DEMO-ALLIANCE",
              "org": "ChaozhouMSP", "treeSize": 12, "root": "6a09e667bb67ae853c6ef372a54ff53a510e527f9b05688c1f83d9ab5be0cd19",
              "hashAlg": "sha256", "time": "2026-12-07T08:00:00Z"},
             "signature": {"org": "ChaozhouMSP", "alg": "ecdsa-p256",
              "publicKey": "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE", "value": "MEUCIQ=="},
             "cosignatures": []}}
            """;
    private final LedgerLog log;
    private final WitnessService witness;
    private final CheckpointProducer producer;
    private final AllianceLogProperties properties;
    private final LogAnchoring anchoring;

    AllianceLogController(LedgerLog log, WitnessService witness, CheckpointProducer producer,
            AllianceLogProperties properties, LogAnchoring anchoring) {
        this.anchoring = anchoring;
        this.log = log;
        this.witness = witness;
        this.producer = producer;
        this.properties = properties;
    }

    @GetMapping
    @Operation(summary = "联盟日志 / this instance's view of the alliance log: size, root, the producer's last attempt, "
            + "its witness and anchoring")
    Map<String, Object> status() {
        AllianceLog tree = log.log();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", properties.id());
        view.put("hashAlg", tree.algorithm().id());
        long size = tree.size();
        view.put("size", size);
        view.put("root", Hex.encode(tree.rootAt(size)));
        view.put("caughtUp", log.caughtUp());
        log.failure().ifPresent(f -> view.put("failure", f));
        view.put("producer", properties.produce());
        log.latestCheckpoint().ifPresent(e -> view.put("latestCheckpointRecord", e.id()));
        producer.lastAttempt().ifPresent(a -> view.put("lastAttempt", a));
        view.put("witness", witnessView());
        view.put("anchoring", anchoring.view());
        return view;
    }

    @PostMapping("/checkpoint")
    @Operation(summary = "立即生成检查点 / checkpoint the log now, gather co-signatures and record it (the producer only)")
    @ApiResponse(responseCode = "200", description = "本次尝试的结果 / what the attempt found")
    @ApiResponse(responseCode = "409", description = "本实例不生成检查点 / this instance is not the producer (NOT_THE_PRODUCER)")
    CheckpointProducer.Attempt checkpoint() {
        return producer.checkpointNow();
    }

    @GetMapping("/witness")
    @Operation(summary = "见证方 / this witness: its org, the log and the last checkpoint it co-signed")
    Map<String, Object> witnessView() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("org", witness.org());
        view.put("logId", properties.id());
        // The service's HTTP layer uses another Jackson than the ledger's JSON trees: hand it plain maps.
        view.put("lastCosigned", witness.lastCosigned().map(c -> plain(c.toJsonTree())).orElse(null));
        view.put("refusals", witness.refusals().size());
        return view;
    }

    @PostMapping(path = "/witness", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "请求联署 / ask this witness to co-sign a checkpoint: signed by another member, with the "
            + "consistency proof from the size this witness last co-signed",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object"),
                    examples = @ExampleObject(value = WITNESS_REQUEST_EXAMPLE))))
    @ApiResponse(responseCode = "200", description = "加上本见证方联署的检查点 / the checkpoint with this witness's "
            + "co-signature")
    @ApiResponse(responseCode = "409", description = "拒绝：历史被截断、改写或与本账本不符（留证并上链），或须稍后重试 / refused: "
            + "CHECKPOINT_TRUNCATED, _FORKED, _INCONSISTENT, _NOT_THE_LEDGER (kept as evidence), or ask again: "
            + "_AHEAD_OF_WITNESS, _PROOF_MISMATCH")
    @ApiResponse(responseCode = "422", description = "不予评判 / not judged: CHECKPOINT_BAD_SIGNATURE, _OWN_CHECKPOINT, "
            + "_WRONG_LOG")
    @ApiResponse(responseCode = "503", description = "暂时读不到生效协议 / the agreement in force cannot be read (NO_AGREEMENT)")
    Map<String, Object> cosign(@RequestBody byte[] request) {
        return plain(witness.cosign(request).toJsonTree());
    }

    @GetMapping("/refusals")
    @Operation(summary = "拒绝留证 / the refusals this witness kept as evidence of a conflicting history")
    List<Map<String, Object>> refusals() {
        return witness.refusals().stream().map(WitnessRefusal::toJson)
                .map(j -> plain(StrictJson.parseTree(j.getBytes(StandardCharsets.UTF_8), WitnessRefusal.MAX_BYTES)))
                .toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> plain(JsonNode tree) {
        return StrictJson.mapper().convertValue(tree, Map.class);
    }
}
