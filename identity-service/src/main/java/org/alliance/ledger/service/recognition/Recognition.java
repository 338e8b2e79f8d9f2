package org.alliance.ledger.service.recognition;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.alliance.ledger.core.record.RecognitionBody;
import org.alliance.ledger.core.record.RecognitionDecision;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.record.TargetType;
import org.alliance.ledger.service.outbox.RecordProgress;

/**
 * A recognition as its write answers it and as it is read back: what it says and where its record
 * stands on its way to the ledger.
 *
 * @param recognitionId the record id
 * @param targetType APPROVAL or CERTIFICATE
 * @param targetId the case or certificate
 * @param agreementId the agreement relied on
 * @param itemCode the item of the recognised result
 * @param decision RECOGNISED or REFUSED
 * @param reason the reason code, if given
 * @param noteHash the hash of the off-ledger note, if any
 * @param recognisingOrg the org that recognised
 * @param ledger where the record stands
 */
public record Recognition(String recognitionId, TargetType targetType, String targetId, String agreementId,
        String itemCode, RecognitionDecision decision, @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
        @JsonInclude(JsonInclude.Include.NON_NULL) String noteHash, String recognisingOrg, RecordProgress ledger) {

    /**
     * The recognition a record holds.
     *
     * @param record the RECOGNITION record
     * @param ledger where it stands
     * @return the recognition
     */
    static Recognition of(SignedRecord record, RecordProgress ledger) {
        RecognitionBody b = (RecognitionBody) record.record().body();
        return new Recognition(record.record().id(), b.targetType(), b.targetId(), b.agreementId(), b.itemCode(),
                b.decision(), b.reason(), b.noteHash(), record.record().org(), ledger);
    }
}
