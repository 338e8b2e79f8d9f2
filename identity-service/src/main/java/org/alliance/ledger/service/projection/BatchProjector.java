package org.alliance.ledger.service.projection;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.alliance.ledger.core.ledger.CommittedBatch;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.AgreementBody;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.CaseStepBody;
import org.alliance.ledger.core.record.CertificateBody;
import org.alliance.ledger.core.record.RecognitionBody;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.RecordType;
import org.alliance.ledger.core.rules.BatchReceipt;
import org.alliance.ledger.core.rules.CaseTimeline;
import org.alliance.ledger.core.rules.RecognitionView;
import org.alliance.ledger.core.state.Page;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Applies one committed batch to the projections: every case, certificate, agreement and
 * recognised target a record of the batch belongs to gets the ledger's current view of it.
 * Reading the views from the ledger, rather than replaying the records here, keeps the rules
 * (deadlines in working days, certificate and agreement states) in one place; a row may therefore
 * run ahead of the checkpoint, never behind it. Identity attestations and checkpoints have no view
 * and are not read at all.
 */
@Component
class BatchProjector {
    private final EvidenceLedger ledger;
    private final ProjectionStore store;
    private final Clock clock;

    BatchProjector(@Qualifier("evidenceLedger") EvidenceLedger ledger, ProjectionStore store, Clock clock) {
        this.ledger = ledger;
        this.store = store;
        this.clock = clock;
    }

    /** The subjects a batch touched, in the order first seen. */
    private static final class Touched {
        final Set<String> cases = new LinkedHashSet<>();
        final Set<String> certificates = new LinkedHashSet<>();
        final Set<String> agreements = new LinkedHashSet<>();
        final Set<String> recognised = new LinkedHashSet<>();
    }

    /** Projects the batch in the caller's transaction. */
    void apply(CommittedBatch batch) {
        List<BatchReceipt.Entry> entries = batch.receipt().records();
        Touched touched = new Touched();
        for (BatchReceipt.Entry e : entries) {
            if (e.type() == RecordType.IDENTITY_ATTESTATION || e.type() == RecordType.CHECKPOINT) {
                continue;
            }
            ledger.record(e.id()).ifPresent(r -> {
                switch (r.signedRecord().record().body()) {
                    case CaseBody c -> touched.cases.add(c.caseId());
                    case CaseStepBody s -> touched.cases.add(s.caseId());
                    case CertificateBody c -> touched.certificates.add(c.certificateId());
                    case AgreementBody a -> touched.agreements.add(a.agreementId());
                    case RecognitionBody g -> touched.recognised.add(g.targetId());
                    default -> {
                        // No other record type has a view.
                    }
                }
            });
        }
        Instant now = clock.instant();
        for (String caseId : touched.cases) {
            CaseTimeline t = ledger.caseTimeline(caseId, now);
            store.upsertCase(CaseRow.of(t.status()));
            store.putSubject(SubjectKind.TIMELINE, caseId, json(t));
        }
        touched.certificates.forEach(id -> store.putSubject(SubjectKind.CERTIFICATE, id, json(ledger.certificate(id))));
        touched.agreements.forEach(id -> store.putSubject(SubjectKind.AGREEMENT, id, json(ledger.agreement(id))));
        for (String target : touched.recognised) {
            String bookmark = "";
            do {
                Page<RecognitionView> page = ledger.recognitions(target, 1000, bookmark);
                page.items().forEach(v -> store.putRecognition(target, v.recognitionId(), json(v)));
                bookmark = page.bookmark();
            } while (!bookmark.isEmpty());
        }
        store.markProjected(entries.stream().map(BatchReceipt.Entry::id).toList());
    }

    static String json(Object view) {
        return new String(RecordCodec.toCanonicalJson(view), StandardCharsets.UTF_8);
    }
}
