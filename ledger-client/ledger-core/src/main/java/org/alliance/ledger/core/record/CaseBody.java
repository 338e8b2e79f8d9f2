package org.alliance.ledger.core.record;

import java.util.List;

/**
 * Body of a {@code CASE} record: a case received by the accepting region.
 *
 * @param caseId the case id, the subject of the case's record chain
 * @param agreementId the agreement the case is handled under
 * @param itemCode the item applied for
 * @param acceptingOrg the region that receives the case and issues the result
 * @param homeOrg the region that decides the case
 * @param subjectRef the applicant's keyed subject reference, 64 lowercase hex
 * @param attestationId the identity attestation record, if the applicant was checked remotely
 * @param materialHashes hashes of the application materials, kept off the ledger
 * @param assisted whether a clerk filed for the applicant (assisted filing)
 */
public record CaseBody(String caseId, String agreementId, String itemCode, String acceptingOrg,
        String homeOrg, String subjectRef, String attestationId, List<DocumentHash> materialHashes,
        boolean assisted) implements RecordBody {
    /** Checks formats. */
    public CaseBody {
        Fields.id("caseId", caseId);
        Fields.id("agreementId", agreementId);
        Fields.matching("itemCode", itemCode, Fields.CODE);
        Fields.mspId("acceptingOrg", acceptingOrg);
        Fields.mspId("homeOrg", homeOrg);
        Fields.hex("subjectRef", subjectRef, 32);
        if (attestationId != null) {
            Fields.id("attestationId", attestationId);
        }
        materialHashes = Fields.list("materialHashes", materialHashes, 0);
    }

    @Override
    public RecordType recordType() {
        return RecordType.CASE;
    }

    @Override
    public String subjectId(String recordId, String org) {
        return caseId;
    }
}
