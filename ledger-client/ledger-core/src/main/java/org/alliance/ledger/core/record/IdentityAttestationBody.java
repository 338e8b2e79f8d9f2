package org.alliance.ledger.core.record;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Body of an {@code IDENTITY_ATTESTATION} record: the auditable outcome of one IMI identity
 * check. It holds the keyed subject reference, never the ID number or images.
 *
 * <p>An {@code ACCEPTED} decision must be consistent with its own evidence: liveness passed and
 * the similarity reached the threshold. Otherwise anyone reading the ledger could see that the
 * decision contradicts the measurements, so such a record is refused as malformed.
 *
 * @param subjectRef the keyed subject reference, 64 lowercase hex
 * @param method how the identity was checked
 * @param liveness the liveness check
 * @param similarity cosine similarity of the face embeddings, -1 to 1
 * @param model the face model used
 * @param threshold the similarity threshold the decision used, -1 to 1
 * @param falseMatchRate the model's measured false-match rate at that threshold, 0 to 1
 * @param decision accepted or rejected
 * @param reasons reason codes, for example {@code LIVENESS_FAILED}
 * @param deviceId the kiosk, phone app or window device, an id
 */
public record IdentityAttestationBody(String subjectRef, AttestationMethod method, Liveness liveness,
        double similarity, FaceModel model, double threshold, double falseMatchRate,
        AttestationDecision decision, List<String> reasons, String deviceId) implements RecordBody {
    /** Checks formats, ranges and that an acceptance agrees with the measurements. */
    public IdentityAttestationBody {
        Fields.hex("subjectRef", subjectRef, 32);
        Fields.required("method", method);
        Fields.required("liveness", liveness);
        Fields.range("similarity", similarity, -1, 1);
        Fields.required("model", model);
        Fields.range("threshold", threshold, -1, 1);
        Fields.range("falseMatchRate", falseMatchRate, 0, 1);
        Fields.required("decision", decision);
        reasons = Fields.codes("reasons", reasons);
        Fields.id("deviceId", deviceId);
        if (decision == AttestationDecision.ACCEPTED && (!liveness.passed() || similarity < threshold)) {
            throw Fields.malformed("an ACCEPTED decision needs passed liveness and similarity >= threshold");
        }
    }

    /**
     * This attestation with another device id.
     *
     * @param otherDeviceId the device id
     * @return a copy
     */
    public IdentityAttestationBody withDeviceId(String otherDeviceId) {
        return new IdentityAttestationBody(subjectRef, method, liveness, similarity, model, threshold,
                falseMatchRate, decision, reasons, otherDeviceId);
    }

    @Override
    public RecordType recordType() {
        return RecordType.IDENTITY_ATTESTATION;
    }

    @Override
    public String subjectId(String recordId, String org) {
        return recordId;
    }

    /**
     * The liveness check of an attestation.
     *
     * @param method the liveness method code, for example {@code ACTION_CHALLENGE}
     * @param actions the challenge actions the server picked, as codes ({@code BLINK}, {@code TURN_LEFT})
     * @param passed whether liveness was established
     * @param passiveScore the passive anti-spoof score 0 to 1, absent when no model gives one
     */
    public record Liveness(String method, List<String> actions, boolean passed, Double passiveScore) {
        /** Checks formats and ranges. */
        public Liveness {
            Fields.matching("liveness.method", method, Fields.CODE);
            actions = Fields.codes("liveness.actions", actions);
            if (passiveScore != null) {
                Fields.range("liveness.passiveScore", passiveScore, 0, 1);
            }
        }
    }

    /**
     * The face model of an attestation. Records made before the model set and its licence were
     * recorded lack both fields; they stay valid, since an absent field is not encoded.
     *
     * @param id the embedding model's id
     * @param version the embedding model's version
     * @param sha256 the SHA-256 of the embedding model's file, lowercase hex
     * @param set the model set that made the decision (detector, alignment, embedding, liveness
     *     models), an id, or null in older records
     * @param licence the model set's licence as its manifest states it, or null in older records
     */
    public record FaceModel(String id, String version, String sha256, String set, String licence) {
        /** Longest licence statement, in characters. */
        public static final int MAX_LICENCE_CHARS = 256;
        private static final Pattern LICENCE = Pattern.compile("[^\\p{Cntrl}]{1," + MAX_LICENCE_CHARS + "}");

        /** Checks formats. */
        public FaceModel {
            Fields.id("model.id", id);
            Fields.id("model.version", version);
            Fields.hex("model.sha256", sha256, 32);
            if (set != null) {
                Fields.id("model.set", set);
            }
            if (licence != null) {
                Fields.text("model.licence", licence);
                Fields.matching("model.licence", licence, LICENCE);
            }
        }

        /**
         * A model without set or licence, as records made before those fields carry it.
         *
         * @param id the embedding model's id
         * @param version the embedding model's version
         * @param sha256 the SHA-256 of the embedding model's file, lowercase hex
         */
        public FaceModel(String id, String version, String sha256) {
            this(id, version, sha256, null, null);
        }
    }
}
