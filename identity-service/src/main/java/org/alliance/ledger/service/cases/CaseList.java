package org.alliance.ledger.service.cases;

import java.util.List;
import java.util.Objects;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseState;

/**
 * One page of the cases in a state on one side of this region, as {@code GET /api/cases} shows it.
 *
 * @param org this service's org
 * @param role the side of the case this org plays: {@code HOME} or {@code ACCEPTING}
 * @param state the state asked for
 * @param cases the matching cases on this page, oldest receipt first
 * @param scanned how many projected rows this page read, so a short page is explained
 * @param bookmark the bookmark of the next page; empty when the ledger has no more receipts
 */
public record CaseList(String org, CaseAction.Party role, CaseState state, List<Entry> cases, int scanned,
        String bookmark) {
    /** Copies the cases and checks that everything is present. */
    public CaseList {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(state, "state");
        cases = List.copyOf(cases);
        Objects.requireNonNull(bookmark, "bookmark");
    }

    /**
     * One case of the list.
     *
     * @param caseId the case
     * @param agreementId the agreement it is handled under
     * @param itemCode the item
     * @param acceptingOrg the accepting region
     * @param homeOrg the home region
     * @param state the current state (the ledger's, with this service's steps still in the outbox)
     * @param receivedAt the receipt's time
     * @param lastStepTime the time of the latest step
     */
    public record Entry(String caseId, String agreementId, String itemCode, String acceptingOrg, String homeOrg,
            CaseState state, String receivedAt, String lastStepTime) {
        /**
         * The entry for a case as the next step sees it.
         *
         * @param c the case
         * @param receivedAt the receipt's time
         * @return the entry
         */
        static Entry of(CaseSnapshot c, String receivedAt) {
            return new Entry(c.caseId(), c.agreementId(), c.itemCode(), c.acceptingOrg(), c.homeOrg(), c.state(),
                    receivedAt, c.lastStepTime());
        }
    }
}
