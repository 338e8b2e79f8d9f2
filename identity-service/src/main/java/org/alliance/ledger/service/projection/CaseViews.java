package org.alliance.ledger.service.projection;

import java.util.List;
import java.util.function.ToLongFunction;

import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseState;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The case views of the read model: the approvers' and clerks' worklists and the late or due
 * cases, each page read from the projection in one transaction with keyset paging, so a page
 * costs the same with a hundred cases or a hundred thousand.
 */
@Service
public class CaseViews {
    private final ProjectionStore store;
    private final ProjectionStatus status;

    CaseViews(ProjectionStore store, ProjectionStatus status) {
        this.store = store;
        this.status = status;
    }

    /**
     * The cases in one state where {@code org} plays {@code side}, oldest receipt first.
     *
     * @param side the side
     * @param org the org
     * @param state the state
     * @param bookmark the previous page's bookmark, or empty
     * @param pageSize at most this many rows
     * @return the page
     * @throws IllegalArgumentException if the bookmark is not one of these views
     */
    @Transactional(readOnly = true)
    public ProjectedPage<CaseRow> worklist(CaseAction.Party side, String org, CaseState state, String bookmark,
            int pageSize) {
        Cursor after = Cursor.parse(bookmark);
        List<CaseRow> rows = store.cases(side, org, state, after, pageSize + 1);
        return page(rows, after, pageSize, r -> ProjectionStore.millis(r.receivedAt()));
    }

    /**
     * Cases that may be overdue or due by {@code horizonMillis}, earliest deadline first; the
     * caller judges each row with the exact times (see {@link CaseRow#overdue}).
     *
     * @param region an org that accepts or decides them, or null for all
     * @param item an item code, or null for all
     * @param horizonMillis the latest deadline of an open case that counts
     * @param bookmark the previous page's bookmark, or empty
     * @param pageSize at most this many rows
     * @return the page
     * @throws IllegalArgumentException if the bookmark is not one of these views
     */
    @Transactional(readOnly = true)
    public ProjectedPage<CaseRow> lateOrDue(String region, String item, long horizonMillis, String bookmark,
            int pageSize) {
        Cursor after = Cursor.parse(bookmark);
        List<CaseRow> rows = store.lateOrDueCases(region, item, horizonMillis, after, pageSize + 1);
        return page(rows, after, pageSize, r -> ProjectionStore.millis(r.deadline()));
    }

    /**
     * The cases received in a period, in item, receipt and case id order, with the cases whose
     * writes here the projection has not passed yet (read those through the ledger).
     *
     * @param region an org that accepts or decides them, or null for all
     * @param item an item code, or null for all
     * @param fromMillis the earliest receipt time that counts
     * @param untilMillis the receipt times before this count
     * @param limit at most this many rows
     * @return the rows, with an empty bookmark
     */
    @Transactional(readOnly = true)
    public ProjectedPage<CaseRow> received(String region, String item, long fromMillis, long untilMillis, int limit) {
        return new ProjectedPage<>(store.casesReceived(region, item, fromMillis, untilMillis, limit),
                store.casesWithUnprojectedWrites(), "", status.position(), null, null);
    }

    /** One row more than the page is read, to know whether another page follows. */
    private ProjectedPage<CaseRow> page(List<CaseRow> rows, Cursor after, int pageSize, ToLongFunction<CaseRow> order) {
        boolean more = rows.size() > pageSize;
        List<CaseRow> page = more ? rows.subList(0, pageSize) : rows;
        Cursor through = more ? new Cursor(order.applyAsLong(page.get(page.size() - 1)), page.get(page.size() - 1).caseId())
                : null;
        return new ProjectedPage<>(page, store.casesWithUnprojectedWrites(), through == null ? "" : through.bookmark(),
                status.position(), after, through);
    }

    /**
     * The position of a row in the worklist's order.
     *
     * @param caseId the case
     * @param receivedAt its receive time, RFC 3339
     * @return the position
     */
    public static Cursor worklistPosition(String caseId, String receivedAt) {
        return new Cursor(ProjectionStore.millis(receivedAt), caseId);
    }
}
