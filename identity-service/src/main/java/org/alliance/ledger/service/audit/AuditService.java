package org.alliance.ledger.service.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.rules.AgreementVersionView;
import org.alliance.ledger.service.web.LedgerLocation;
import org.alliance.ledger.core.rules.CaseStepView;
import org.alliance.ledger.core.rules.CaseTimeline;
import org.alliance.ledger.core.rules.CertificateView;
import org.alliance.ledger.core.rules.RecognitionView;
import org.alliance.ledger.core.rules.RulesConfig;
import org.alliance.ledger.core.rules.WorkingDayCalendar;
import org.alliance.ledger.core.state.Page;
import org.alliance.ledger.service.ledger.AgreementLookup;
import org.alliance.ledger.service.problem.ApiException;
import org.alliance.ledger.service.projection.CaseRow;
import org.alliance.ledger.service.projection.CaseViews;
import org.alliance.ledger.service.projection.ProjectedPage;
import org.alliance.ledger.service.projection.SubjectViews;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The auditor's views, read from the ledger only (never from this service's outbox: an auditor
 * sees what every member sees). Times are judged with the injected {@link Clock}.
 */
@Service
public class AuditService {
    /** The furthest "due within" look-ahead, in working days. */
    static final int MAX_DUE_WITHIN_DAYS = 60;

    /** Holidays an agreement may add within the "due soon" window, beyond weekends. */
    private static final int HOLIDAY_SLACK_DAYS = 30;

    private final EvidenceLedger ledger;
    private final CaseViews views;
    private final SubjectViews subjects;
    private final Clock clock;
    private final RulesConfig rules = RulesConfig.defaults();

    /**
     * Creates the service.
     *
     * @param ledger the ledger
     * @param views the case projection
     * @param subjects the projected views of single cases, certificates and recognitions
     * @param clock the clock
     */
    public AuditService(EvidenceLedger ledger, CaseViews views, SubjectViews subjects, Clock clock) {
        this.ledger = ledger;
        this.views = views;
        this.subjects = subjects;
        this.clock = clock;
    }

    /**
     * A case's timeline, one page of steps.
     *
     * @param caseId the case
     * @param paging the page
     * @return the case, its deadline and a page of steps with durations and ledger locations
     */
    public AuditViews.Timeline timeline(String caseId, Paging paging) {
        CaseTimeline t = subjects.timeline(caseId, clock.instant());
        return timeline(t, paging, AgreementLookup.workingDaysLeft(ledger, t.status().agreementId(),
                t.status().deadline(), t.status().completedAt(), Instant.parse(t.asOf())));
    }

    /**
     * A case's whole timeline, every step on one page, as exported in an evidence package.
     *
     * @param caseId the case
     * @return the timeline, with an empty bookmark
     */
    public AuditViews.Timeline wholeTimeline(String caseId) {
        CaseTimeline t = ledger.caseTimeline(caseId, clock.instant());
        return timeline(t, Paging.whole(t.steps().size()), null);
    }

    private AuditViews.Timeline timeline(CaseTimeline t, Paging paging, Integer workingDaysLeft) {
        Page<CaseStepView> page = paging.slice(t.steps());
        List<AuditViews.TimelineStep> steps = new ArrayList<>();
        for (CaseStepView s : page.items()) {
            LedgerLocation at = ledger.record(s.recordId()).map(LedgerLocation::of).orElse(null);
            steps.add(new AuditViews.TimelineStep(s.seq(), s.action(), s.from(), s.to(), s.actorOrg(), s.actorRole(),
                    s.time(), s.durationSeconds(), s.recordId(), at));
        }
        return new AuditViews.Timeline(AuditViews.CaseSummary.of(t, workingDaysLeft), steps, page.bookmark());
    }

    /**
     * Cases that are overdue, or open and due within some working days, earliest deadline first,
     * one keyset page of the case projection at a time (a page may hold fewer entries than asked
     * while the bookmark goes on, because each candidate is judged with its agreement's calendar).
     *
     * @param region an MSP id: only cases it accepts or decides; null for all
     * @param item an item code; null for all
     * @param dueWithinDays working days ahead that count as "due soon", 0 for today only, at most
     *     {@value #MAX_DUE_WITHIN_DAYS} (the API refuses others)
     * @param paging the page
     * @return the matching cases with their deadline and standing, and the next bookmark
     */
    public AuditViews.Overdue overdue(String region, String item, int dueWithinDays, Paging paging) {
        Instant now = clock.instant();
        // No agreement's calendar puts n working days further than this; each row is then judged exactly.
        long horizon = now.plus(Duration.ofDays(3L * dueWithinDays + HOLIDAY_SLACK_DAYS)).toEpochMilli();
        ProjectedPage<CaseRow> page = Paging.projection(() -> views.lateOrDue(region, item, horizon, paging.bookmark(),
                paging.pageSize()));
        Map<String, Instant> dueByAgreement = new HashMap<>();
        List<AuditViews.OverdueCase> cases = new ArrayList<>();
        for (CaseRow projected : page.rows()) {
            // A case this service wrote to is judged on the ledger, which already has or soon has the write.
            CaseRow row = page.unprojected().contains(projected.caseId())
                    ? CaseRow.of(ledger.caseTimeline(projected.caseId(), now).status()) : projected;
            boolean overdue = row.overdue(now);
            String standing = overdue ? "OVERDUE"
                    : row.completedAt() == null && !Instant.parse(row.deadline()).isAfter(dueByAgreement.computeIfAbsent(
                            row.agreementId(), a -> dueBy(a, now, dueWithinDays))) ? "DUE_SOON" : null;
            if (standing != null) {
                cases.add(new AuditViews.OverdueCase(AuditViews.CaseSummary.of(row, overdue, now.toString(),
                        AgreementLookup.workingDaysLeft(ledger, row.agreementId(), row.deadline(), row.completedAt(), now)), standing));
            }
        }
        return new AuditViews.Overdue(now.toString(), dueWithinDays, cases, page.bookmark());
    }

    /** The end of the n-th working day after today (n = 0: the end of today), in the agreement's calendar. */
    private Instant dueBy(String agreementId, Instant now, int n) {
        if (n == 0) {
            LocalDate today = now.atZone(rules.zone()).toLocalDate();
            return today.plusDays(1).atStartOfDay(rules.zone()).toInstant().minusNanos(1);
        }
        return calendar(agreementId).deadline(now, n);
    }

    /** The working-day calendar of an agreement, as the rules build it for deadlines. */
    private WorkingDayCalendar calendar(String agreementId) {
        return AgreementLookup.calendar(ledger, rules, agreementId);
    }

    /**
     * A certificate's history, one page.
     *
     * @param certificateId the certificate
     * @param paging the page
     * @return the current state and a page of history entries
     */
    public AuditViews.CertificateHistory certificateHistory(String certificateId, Paging paging) {
        return certificateHistory(certificateId, subjects.certificate(certificateId), paging);
    }

    /**
     * A certificate's whole history on one page, as exported in an evidence package.
     *
     * @param certificateId the certificate
     * @return the history, with an empty bookmark
     */
    public AuditViews.CertificateHistory wholeCertificateHistory(String certificateId) {
        CertificateView v = ledger.certificate(certificateId);
        return certificateHistory(certificateId, v, Paging.whole(v.history().size()));
    }

    private static AuditViews.CertificateHistory certificateHistory(String certificateId, CertificateView v,
            Paging paging) {
        var page = paging.slice(v.history());
        return new AuditViews.CertificateHistory(certificateId, v.state().status(), v.state().issuerOrg(),
                v.state().caseId(), v.state().itemCode(), page.items(), page.bookmark());
    }

    /**
     * Who recognised (or refused) a case's approval or a certificate, one page.
     *
     * @param targetId the case or certificate
     * @param paging the page
     * @return the recognitions and the next bookmark
     */
    public AuditViews.Recognitions recognitions(String targetId, Paging paging) {
        Page<RecognitionView> page = Paging.projection(() -> subjects.recognitions(targetId, paging.pageSize(),
                paging.bookmark()));
        return new AuditViews.Recognitions(targetId, page.items(), page.bookmark());
    }

    /**
     * Every recognition of a target on one page, as exported in an evidence package.
     *
     * @param targetId the case or certificate
     * @param max the most recognitions an export holds
     * @return the recognitions, with an empty bookmark
     * @throws ApiException 422 EXPORT_TOO_LARGE beyond {@code max}
     */
    public AuditViews.Recognitions allRecognitions(String targetId, int max) {
        List<RecognitionView> all = new ArrayList<>();
        String bookmark = "";
        do {
            String from = bookmark;
            Page<RecognitionView> page = Paging.ledger(() -> ledger.recognitions(targetId, Paging.MAX_PAGE_SIZE, from));
            all.addAll(page.items());
            bookmark = page.bookmark();
            if (all.size() > max) {
                throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "EXPORT_TOO_LARGE",
                        "more than " + max + " recognitions of " + targetId + " cannot be exported in one package");
            }
        } while (!bookmark.isEmpty());
        return new AuditViews.Recognitions(targetId, all, "");
    }
}
