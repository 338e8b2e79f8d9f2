package org.alliance.ledger.service.alliancelog;

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
    CheckpointProducer.Attempt checkpoint() {
        return producer.checkpointNow();
    }

    @GetMapping("/witness")
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
    Map<String, Object> cosign(@RequestBody byte[] request) {
        return plain(witness.cosign(request).toJsonTree());
    }

    @GetMapping("/refusals")
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
