package org.alliance.ledger.service.projection;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.alliance.ledger.core.ledger.CommittedBatch;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.CaseStepBody;
import org.alliance.ledger.core.record.RecordType;
import org.alliance.ledger.core.rules.BatchReceipt;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Applies one committed batch to the case projection: every case a record of the batch belongs
 * to gets the ledger's current status of that case. Reading the status from the ledger, rather
 * than replaying the steps here, keeps the rules (deadlines in working days, completion) in one
 * place; a row may therefore run ahead of the checkpoint, never behind it.
 */
@Component
class CaseProjector {
    private final EvidenceLedger ledger;
    private final ProjectionStore store;
    private final Clock clock;

    CaseProjector(@Qualifier("evidenceLedger") EvidenceLedger ledger, ProjectionStore store, Clock clock) {
        this.ledger = ledger;
        this.store = store;
        this.clock = clock;
    }

    /** Projects the batch in the caller's transaction. */
    void apply(CommittedBatch batch) {
        List<BatchReceipt.Entry> entries = batch.receipt().records();
        Set<String> cases = new LinkedHashSet<>();
        for (BatchReceipt.Entry e : entries) {
            if (e.type() == RecordType.CASE || e.type() == RecordType.CASE_STEP) {
                ledger.record(e.id()).ifPresent(r -> cases.add(switch (r.signedRecord().record().body()) {
                    case CaseBody c -> c.caseId();
                    case CaseStepBody s -> s.caseId();
                    default -> throw new IllegalStateException("record " + e.id() + " is not of a case");
                }));
            }
        }
        for (String caseId : cases) {
            store.upsertCase(CaseRow.of(ledger.caseTimeline(caseId, clock.instant()).status()));
        }
        store.markProjected(entries.stream().map(BatchReceipt.Entry::id).toList());
    }
}
