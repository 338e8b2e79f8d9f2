package org.alliance.ledger.core.record;

/**
 * The kinds of evidence record. Each names its body type, so that the codec can bind a record's
 * body strictly, and the subject whose {@code prev} chain the record extends.
 */
public enum RecordType {
    /** An alliance agreement proposal or signature; subject: the agreement id. */
    AGREEMENT(AgreementBody.class, "agreement"),
    /** The outcome of a remote identity check; subject: the record itself. */
    IDENTITY_ATTESTATION(IdentityAttestationBody.class, "attestation"),
    /** A received case; subject: the case id. */
    CASE(CaseBody.class, "case"),
    /** A step of a case; subject: the case id, so a case's records form one chain. */
    CASE_STEP(CaseStepBody.class, "case"),
    /** A recognition of another member's result; subject: the record itself. */
    RECOGNITION(RecognitionBody.class, "recognition"),
    /** A certificate anchor or status change; subject: the certificate id. */
    CERTIFICATE(CertificateBody.class, "certificate"),
    /** A checkpoint over batch roots; subject: the producing org. */
    CHECKPOINT(CheckpointBody.class, "checkpoint"),
    /** A signed checkpoint of the alliance log; subject: the alliance, so they form one chain. */
    LOG_CHECKPOINT(LogCheckpointBody.class, "alliance-log"),
    /** A witness's proof that a member's checkpoint conflicts with one it co-signed; subject: the record itself. */
    WITNESS_REFUSAL(WitnessRefusalBody.class, "witness-refusal");

    private final Class<? extends RecordBody> bodyType;
    private final String subjectKind;

    RecordType(Class<? extends RecordBody> bodyType, String subjectKind) {
        this.bodyType = bodyType;
        this.subjectKind = subjectKind;
    }

    /**
     * The body class of this record type.
     *
     * @return the body class
     */
    public Class<? extends RecordBody> bodyType() {
        return bodyType;
    }

    /**
     * The kind of subject whose chain records of this type extend; types that share a kind share
     * a chain.
     *
     * @return the subject kind
     */
    public String subjectKind() {
        return subjectKind;
    }
}
