package org.alliance.ledger.service.cases;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.RecordType;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.rules.RecordRef;
import org.alliance.ledger.core.state.Page;
import org.alliance.ledger.service.audit.Paging;
import org.alliance.ledger.service.problem.ApiException;
import org.alliance.ledger.service.web.EvidenceWrites;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Lists the cases in a state on one side of this region, for example the forwarded cases an
 * approver of the home region has to decide.
 *
 * <p>The ledger has no index of cases by home org or by state, so the list pages over the
 * ledger's existing queries and filters: as the accepting region over this org's own records
 * ({@link EvidenceLedger#recordsByOrg}), as the home region over all records in time order
 * ({@link EvidenceLedger#recordsByTime}), keeping the {@code CASE} receipts of the right side whose
 * current state matches. The scan is bounded: one request reads at most {@value #MAX_LEDGER_PAGES}
 * ledger pages of at most {@code pageSize} records, so a page may hold fewer cases than asked while
 * its bookmark goes on; only an empty bookmark means the end. Each ledger page asks for no more
 * records than cases are still missing, so the page never overflows and the ledger's own bookmark
 * resumes exactly after the last record read.
 *
 * <p>Only receipts already on the ledger are listed; the state includes this service's steps still
 * in the outbox, so a case leaves the approver's list as soon as it is decided here.
 */
@Service
public class CaseListService {
    /** The most ledger pages one request reads. */
    static final int MAX_LEDGER_PAGES = 10;

    private final EvidenceLedger ledger;
    private final CaseLedger cases;
    private final String org;

    /**
     * Creates the service.
     *
     * @param ledger the ledger
     * @param cases the case view (ledger plus outbox)
     * @param evidence the write path, for this service's org
     */
    public CaseListService(EvidenceLedger ledger, CaseLedger cases, EvidenceWrites evidence) {
        this.ledger = ledger;
        this.cases = cases;
        this.org = evidence.org();
    }

    /**
     * Reads the side parameter of {@code GET /api/cases}.
     *
     * @param role {@code home} or {@code accepting}, any case
     * @return the side
     * @throws ApiException 400 BAD_FIELD for anything else
     */
    public static CaseAction.Party side(String role) {
        for (CaseAction.Party p : CaseAction.Party.values()) {
            if (p.name().equals(role.trim().toUpperCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new ApiException(HttpStatus.BAD_REQUEST, "BAD_FIELD", "role must be home or accepting",
                Map.of("field", "role"));
    }

    /**
     * One page of the cases in a state where this org plays a side.
     *
     * @param role the side this org plays
     * @param state the state
     * @param paging the page
     * @return the page
     */
    public CaseList list(CaseAction.Party role, CaseState state, Paging paging) {
        List<CaseList.Entry> found = new ArrayList<>();
        String bookmark = paging.bookmark();
        int scanned = 0;
        for (int pages = 0; pages < MAX_LEDGER_PAGES && found.size() < paging.pageSize(); pages++) {
            String from = bookmark;
            int size = paging.pageSize() - found.size();
            Page<RecordRef> refs = Paging.ledger(() -> role == CaseAction.Party.ACCEPTING
                    ? ledger.recordsByOrg(org, null, null, size, from)
                    : ledger.recordsByTime(null, null, size, from));
            scanned += refs.items().size();
            for (RecordRef ref : refs.items()) {
                if (ref.type() == RecordType.CASE) {
                    match(ref, role, state, found);
                }
            }
            bookmark = refs.bookmark();
            if (bookmark.isEmpty()) {
                break;
            }
        }
        return new CaseList(org, role, state, found, scanned, bookmark);
    }

    private void match(RecordRef ref, CaseAction.Party role, CaseState state, List<CaseList.Entry> found) {
        CaseBody body = (CaseBody) ledger.record(ref.id()).orElseThrow().signedRecord().record().body();
        String side = role == CaseAction.Party.ACCEPTING ? body.acceptingOrg() : body.homeOrg();
        if (!org.equals(side)) {
            return;
        }
        cases.find(body.caseId()).filter(c -> c.state() == state)
                .ifPresent(c -> found.add(CaseList.Entry.of(c, ref.time())));
    }
}
