package org.alliance.ledger.service.identity.check;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.alliance.ledger.core.record.AttestationDecision;

/**
 * The API's view of an identity check: its decision and evidence, the signed record, and where
 * the record is on its way to the ledger.
 *
 * @param id the attestation (and record) id
 * @param decision ACCEPTED or REJECTED
 * @param reasons reason codes of a rejection
 * @param scores the measured scores
 * @param model the face model that decided
 * @param threshold the similarity threshold used
 * @param falseMatchRate the false-match rate measured at that threshold
 * @param ledger the ledger status
 * @param record the signed IDENTITY_ATTESTATION record, canonical JSON
 */
public record Attestation(String id, AttestationDecision decision, List<String> reasons, Scores scores, Model model,
        double threshold, double falseMatchRate, LedgerStatus ledger,
        @JsonRawValue @Schema(types = "object", description = "the signed record, as stored on the ledger") String record) {
    /** Copies the reasons. */
    public Attestation {
        reasons = List.copyOf(reasons);
    }

    /**
     * The scores of a check.
     *
     * @param similarity the cosine similarity of live face and reference, -1 to 1
     * @param passiveLiveness the passive anti-spoof score, 0 to 1
     */
    public record Scores(double similarity, double passiveLiveness) {
    }

    /**
     * The model of a check.
     *
     * @param id the embedding model's id
     * @param version the embedding model's version
     * @param sha256 the embedding model file's SHA-256
     * @param set the model set that decided, absent for checks made before sets were recorded
     * @param licence the model set's licence, absent for checks made before it was recorded
     */
    public record Model(String id, String version, String sha256, String set, String licence) {
    }
}
