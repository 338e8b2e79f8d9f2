package org.alliance.ledger.service.cases;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.service.audit.Paging;
import org.alliance.ledger.service.projection.CaseRow;
import org.alliance.ledger.service.projection.CaseViews;
import org.alliance.ledger.service.projection.Cursor;
import org.alliance.ledger.service.projection.ProjectedPage;
import org.alliance.ledger.service.problem.ApiException;
import org.alliance.ledger.service.web.EvidenceWrites;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Lists the cases in a state on one side of this region, for example the forwarded cases an
 * approver of the home region has to decide.
 *
 * <p>The list comes from the case projection ({@link CaseViews}), one keyset page per request,
 * so its cost does not grow with the ledger. A case this service has written to and the
 * projection has not passed yet (a step still in the outbox, or committed but not yet projected)
 * is read through the ledger and the outbox instead, so a case leaves the approver's list as soon
 * as it is decided here and is never shown in its state from before a write acknowledged here.
 */
@Service
public class CaseListService {
    private final CaseViews views;
    private final CaseLedger cases;
    private final String org;

    /**
     * Creates the service.
     *
     * @param views the case projection
     * @param cases the case view (ledger plus outbox)
     * @param evidence the write path, for this service's org
     */
    public CaseListService(CaseViews views, CaseLedger cases, EvidenceWrites evidence) {
        this.views = views;
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
        ProjectedPage<CaseRow> page = Paging.projection(() -> views.worklist(role, org, state, paging.bookmark(),
                paging.pageSize()));
        TreeMap<Cursor, CaseList.Entry> found = new TreeMap<>();
        for (CaseRow row : page.rows()) {
            if (!page.unprojected().contains(row.caseId())) {
                found.put(CaseViews.worklistPosition(row.caseId(), row.receivedAt()), new CaseList.Entry(row.caseId(),
                        row.agreementId(), row.itemCode(), row.acceptingOrg(), row.homeOrg(), row.state(),
                        row.receivedAt(), row.lastStepTime()));
            }
        }
        // Cases with writes of this service the projection has not passed are read through the
        // ledger and the outbox, wherever their projected row is (or is not yet): a step taken
        // here moves a case into or out of this list at once. Only receipts on the ledger are listed.
        for (String caseId : page.unprojected()) {
            CaseLedger.CaseRead read = cases.read(caseId);
            read.timeline().ifPresent(t -> cases.snapshot(read)
                    .filter(c -> c.state() == state && org.equals(c.orgOf(role)))
                    .map(c -> CaseList.Entry.of(c, t.status().receivedAt()))
                    .ifPresent(e -> {
                        Cursor at = CaseViews.worklistPosition(e.caseId(), e.receivedAt());
                        if (page.covers(at)) {
                            found.put(at, e);
                        }
                    }));
        }
        return new CaseList(org, role, state, List.copyOf(found.values()), page.rows().size(), page.bookmark());
    }
}
