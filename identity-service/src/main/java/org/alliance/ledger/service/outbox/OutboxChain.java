package org.alliance.ledger.service.outbox;

import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.CertificateAction;
import org.alliance.ledger.core.record.CertificateBody;
import org.alliance.ledger.core.record.EvidenceRecord;
import org.alliance.ledger.core.record.RecognitionBody;
import org.alliance.ledger.core.record.RecordType;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.record.TargetType;

/**
 * Where an outbox entry stands among the entries it depends on: its own chain, the ledger subject
 * whose {@code prev} chain the record extends (one case, one certificate, one agreement), and the
 * chain of another subject that must reach the ledger first, if the record names one that this
 * service may still be holding back.
 *
 * @param key the entry's chain: {@link EvidenceRecord#subject()}
 * @param dependsOn the chain the entry waits behind as well, or null
 */
public record OutboxChain(String key, String dependsOn) {
    /**
     * The chain of a record.
     *
     * @param signed the record
     * @return its chain and the chain it depends on
     */
    public static OutboxChain of(SignedRecord signed) {
        EvidenceRecord r = signed.record();
        String dependsOn = switch (r.body()) {
            // The rules check the attestation a case names, the approved case a certificate
            // results from and the result a recognition is about, each against the ledger.
            case CaseBody c when c.attestationId() != null -> subject(RecordType.IDENTITY_ATTESTATION, c.attestationId());
            case CertificateBody c when c.action() == CertificateAction.ISSUE -> subject(RecordType.CASE, c.caseId());
            case RecognitionBody g -> g.targetType() == TargetType.APPROVAL
                    ? subject(RecordType.CASE, g.targetId()) : subject(RecordType.CERTIFICATE, g.targetId());
            default -> null;
        };
        return new OutboxChain(r.subject(), dependsOn);
    }

    private static String subject(RecordType type, String id) {
        return type.subjectKind() + "/" + id;
    }
}
