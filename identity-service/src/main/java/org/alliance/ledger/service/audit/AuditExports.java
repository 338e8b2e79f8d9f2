package org.alliance.ledger.service.audit;

import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import org.alliance.ledger.core.bundle.ContainerJson;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.alliance.ledger.core.bundle.EvidencePackage;
import org.alliance.ledger.service.alliancelog.LogAnchoring;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The auditor's views exported as evidence packages that {@code ledger-cli verify-bundle} checks
 * offline: the whole view, serialised exactly as the API serves it, and the ledger's bundle of
 * every record the view cites.
 */
@Service
public class AuditExports {
    private final AuditService audit;
    private final LogAnchoring anchoring;
    private final JsonMapper json;

    /**
     * Creates the exporter.
     *
     * @param audit the views
     * @param anchoring makes each record's bundle, from the ledger, with the alliance log's anchor where there is one
     * @param json the mapper the API answers with, so a package holds a view as it is served
     */
    public AuditExports(AuditService audit, LogAnchoring anchoring, JsonMapper json) {
        this.audit = audit;
        this.anchoring = anchoring;
        this.json = json;
    }

    /**
     * A case's timeline with the bundle of each step's record.
     *
     * @param caseId the case
     * @return the package
     */
    public EvidencePackage timeline(String caseId) {
        return pack(EvidencePackage.Kind.CASE_TIMELINE, caseId, audit.wholeTimeline(caseId), "steps", "recordId");
    }

    /**
     * A certificate's history with the bundle of each change's record.
     *
     * @param certificateId the certificate
     * @return the package
     */
    public EvidencePackage certificateHistory(String certificateId) {
        return pack(EvidencePackage.Kind.CERTIFICATE_HISTORY, certificateId, audit.wholeCertificateHistory(certificateId),
                "history", "recordId");
    }

    /**
     * Who recognised a target, with the bundle of each recognition record.
     *
     * @param targetId the case or certificate
     * @return the package
     */
    public EvidencePackage recognitions(String targetId) {
        return pack(EvidencePackage.Kind.RECOGNITIONS, targetId, audit.allRecognitions(targetId, EvidencePackage.MAX_BUNDLES),
                "recognitions", "recognitionId");
    }

    private EvidencePackage pack(EvidencePackage.Kind kind, String subject, Object view, String list,
            String citeField) {
        // The bytes the view endpoint would answer with, read back: the package holds the view as served.
        JsonNode served = ContainerJson.parse(json.writeValueAsBytes(view), EvidencePackage.MAX_BYTES);
        List<EvidenceBundle> bundles = new ArrayList<>();
        for (JsonNode entry : served.get(list)) {
            bundles.add(anchoring.bundle(entry.get(citeField).textValue()));
        }
        return new EvidencePackage(EvidencePackage.VERSION, kind, subject, served, bundles);
    }
}
