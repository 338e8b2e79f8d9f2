package org.alliance.ledger.core.record;

/** The type-specific part of an evidence record. */
public sealed interface RecordBody permits AgreementBody, IdentityAttestationBody, CaseBody,
        CaseStepBody, RecognitionBody, CertificateBody, CheckpointBody, LogCheckpointBody, WitnessRefusalBody {

    /**
     * The record type this body belongs to.
     *
     * @return the record type
     */
    RecordType recordType();

    /**
     * The id of the subject whose {@code prev} chain this record extends.
     *
     * @param recordId the id of the record that carries this body
     * @param org the org that produced the record
     * @return the subject id
     */
    String subjectId(String recordId, String org);
}
