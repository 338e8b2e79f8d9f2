package org.alliance.ledger.service.cases;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import java.util.List;

/**
 * What a clerk files to receive a case.
 *
 * @param agreementId the agreement the case is handled under
 * @param itemCode the item applied for
 * @param homeOrg the region that decides (the item's home-region rule applied by the clerk)
 * @param subjectRef the applicant's keyed subject reference (64 hex); may be left out when
 *     {@code attestationId} names an accepted identity attestation, whose subject is then used
 * @param attestationId the applicant's identity attestation, if they were checked at a kiosk
 * @param idNumber the applicant's ID card number, where the clerk saw the card: the service derives
 *     the subject reference from it as an identity check would, and keeps the number nowhere; with
 *     an attestation, both must be of the same person
 * @param materials hashes of the application materials ({@code label}, {@code alg}, {@code hash})
 * @param assisted whether the clerk files on the applicant's behalf (assisted filing); absent means no
 */
@Schema(description = "受理一件跨地区办件 / a case received at this region", example = """
        {"agreementId": "agr-demo-alliance", "itemCode": "SOCIAL-INS-TRANSFER", "homeOrg": "ChaozhouMSP",
         "attestationId": "att-6a1f0e2d-94b3-4c57-8e1a-2b7d9c0f3e45",
         "materials": [{"label": "transfer-application", "alg": "sha256",
           "hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}],
         "assisted": false}
        """)
public record ReceiveRequest(@NotBlank String agreementId, @NotBlank String itemCode, @NotBlank String homeOrg,
        String subjectRef,
        String attestationId, List<MaterialHash> materials, Boolean assisted, String idNumber) {
    /**
     * A filing without an ID number.
     *
     * @param agreementId the agreement
     * @param itemCode the item
     * @param homeOrg the home region
     * @param subjectRef the subject reference, or null
     * @param attestationId the attestation, or null
     * @param materials the materials' hashes
     * @param assisted assisted filing
     */
    public ReceiveRequest(String agreementId, String itemCode, String homeOrg, String subjectRef, String attestationId,
            List<MaterialHash> materials, Boolean assisted) {
        this(agreementId, itemCode, homeOrg, subjectRef, attestationId, materials, assisted, null);
    }

    /** Copies the materials. */
    public ReceiveRequest {
        materials = materials == null ? List.of() : List.copyOf(materials);
        assisted = Boolean.TRUE.equals(assisted);
    }

    /**
     * Everything but the ID number, which must never reach a log.
     *
     * @return the fields, the ID number as whether it was given
     */
    @Override
    public String toString() {
        return "ReceiveRequest[agreementId=" + agreementId + ", itemCode=" + itemCode + ", homeOrg=" + homeOrg
                + ", subjectRef=" + subjectRef + ", attestationId=" + attestationId + ", materials=" + materials
                + ", assisted=" + assisted + ", idNumber=" + (idNumber == null ? "absent" : "given") + "]";
    }

    /**
     * The hash of a document kept off the ledger.
     *
     * @param label what it is, a code such as {@code transfer-application}
     * @param alg {@code sha256} or {@code sm3}
     * @param hash lowercase hex
     */
    public record MaterialHash(String label, String alg, String hash) {
    }
}
