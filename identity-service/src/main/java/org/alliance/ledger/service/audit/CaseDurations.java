package org.alliance.ledger.service.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.CatalogueItem;
import org.alliance.ledger.core.rules.AgreementVersionView;
import org.alliance.ledger.core.rules.RulesConfig;
import org.alliance.ledger.core.rules.WorkingDayCalendar;
import org.alliance.ledger.service.ledger.AgreementLookup;
import org.alliance.ledger.service.names.DisplayNames;
import org.alliance.ledger.service.problem.ApiException;
import org.alliance.ledger.service.projection.CaseRow;
import org.alliance.ledger.service.projection.CaseViews;
import org.alliance.ledger.service.projection.ProjectedPage;
import org.alliance.ledger.service.projection.SubjectViews;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The auditor's durations against time limits: per catalogue item of the agreements in force, how
 * long each case received in a period took from receipt to its result (issued or rejected), or
 * has taken so far while open, in working days as the item's time limit counts them and in hours.
 * Cases are read from the case projection, those with writes here it has not passed from the
 * ledger; whether a case is over its limit is the rules' judgement of its deadline.
 */
@Service
public class CaseDurations {
    /** The most cases one answer holds; a period with more is refused, to be narrowed. */
    static final int MAX_CASES = 5000;
    /** A day as the page's date fields send it; four-digit years keep every bound an epoch millisecond. */
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final EvidenceLedger ledger;
    private final CaseViews views;
    private final SubjectViews subjects;
    private final DisplayNames names;
    private final Clock clock;
    private final RulesConfig rules = RulesConfig.defaults();

    /**
     * Creates the service.
     *
     * @param ledger the ledger, for the agreements' calendars and the cases not projected yet
     * @param views the case projection
     * @param subjects the agreements as the read model has them
     * @param names the items' titles in both languages and the members' orgs
     * @param clock the clock open cases are measured to
     */
    public CaseDurations(EvidenceLedger ledger, CaseViews views, SubjectViews subjects, DisplayNames names, Clock clock) {
        this.ledger = ledger;
        this.views = views;
        this.subjects = subjects;
        this.names = names;
        this.clock = clock;
    }

    /**
     * The durations of the cases received in a period, per item.
     *
     * @param region an MSP id: only cases it accepts or decides; null for all
     * @param item an item code of a catalogue in force; null for all
     * @param from the first day of receipt (yyyy-MM-dd, Asia/Shanghai), null for no bound
     * @param to the last day of receipt, null for no bound
     * @return every item asked about (those without cases too), in catalogue order
     * @throws ApiException 400 UNKNOWN_ITEM, BAD_FIELD (an unknown region) or BAD_DATE (a date that
     *     is not one, or a period that ends before it starts); 422 TOO_MANY_CASES when the period
     *     holds more than {@value #MAX_CASES} cases
     */
    public AuditViews.Durations durations(String region, String item, String from, String to) {
        LocalDate first = day("from", from);
        LocalDate last = day("to", to);
        if (first != null && last != null && last.isBefore(first)) {
            throw badRequest("BAD_DATE", "to", "the period ends (" + last + ") before it starts (" + first + ")");
        }
        DisplayNames.Names zh = names.names(Locale.SIMPLIFIED_CHINESE);
        DisplayNames.Names en = names.names(Locale.ENGLISH);
        if (region != null && !zh.orgs().containsKey(region)) {
            throw badRequest("BAD_FIELD", "region", "no agreement in force has a member " + region);
        }
        Map<String, Integer> limits = catalogue();
        if (item != null && !limits.containsKey(item)) {
            throw badRequest("UNKNOWN_ITEM", "item", "no agreement in force has an item " + item);
        }
        Instant now = clock.instant();
        long fromMillis = first == null ? Long.MIN_VALUE : first.atStartOfDay(rules.zone()).toInstant().toEpochMilli();
        long untilMillis = last == null ? Long.MAX_VALUE
                : last.plusDays(1).atStartOfDay(rules.zone()).toInstant().toEpochMilli();
        ProjectedPage<CaseRow> page = views.received(region, item, fromMillis, untilMillis, MAX_CASES + 1);
        if (page.rows().size() > MAX_CASES) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "TOO_MANY_CASES", "more than " + MAX_CASES
                    + " cases were received in the period: narrow it, or ask about one region or item");
        }
        Map<String, List<AuditViews.CaseDuration>> byItem = new LinkedHashMap<>();
        limits.keySet().stream().filter(code -> item == null || code.equals(item))
                .forEach(code -> byItem.put(code, new ArrayList<>()));
        Map<String, WorkingDayCalendar> calendars = new HashMap<>();
        for (CaseRow projected : page.rows()) {
            // A case this service wrote to is measured on the ledger, which already has or soon has the write.
            CaseRow row = page.unprojected().contains(projected.caseId())
                    ? CaseRow.of(ledger.caseTimeline(projected.caseId(), now).status()) : projected;
            limits.putIfAbsent(row.itemCode(), row.timeLimitDays());
            byItem.computeIfAbsent(row.itemCode(), code -> new ArrayList<>())
                    .add(duration(row, now, calendars.computeIfAbsent(row.agreementId(), this::calendar)));
        }
        List<AuditViews.ItemDurations> items = new ArrayList<>();
        byItem.forEach((code, cases) -> items.add(item(code, zh.items().getOrDefault(code, code),
                en.items().getOrDefault(code, code), limits.get(code), cases)));
        return new AuditViews.Durations(now.toString(), region, first == null ? null : first.toString(),
                last == null ? null : last.toString(), items);
    }

    private static AuditViews.ItemDurations item(String code, String titleZh, String titleEn, int limit,
            List<AuditViews.CaseDuration> cases) {
        int[] counts = new int[4];
        for (AuditViews.CaseDuration c : cases) {
            counts[(c.finished() ? 0 : 2) + (c.overLimit() ? 1 : 0)]++;
        }
        return new AuditViews.ItemDurations(code, titleZh, titleEn, limit, counts[0], counts[1], counts[2], counts[3],
                cases);
    }

    private static AuditViews.CaseDuration duration(CaseRow row, Instant now, WorkingDayCalendar calendar) {
        Instant received = Instant.parse(row.receivedAt());
        Instant end = row.completedAt() == null ? now : Instant.parse(row.completedAt());
        // The working days up to the end's day, counted after the day of receipt as a time limit
        // counts them; a clock behind the receipt (it may be moved by hand) measures nothing yet.
        int workingDays = end.isBefore(received) ? 0 : calendar.workingDaysLeft(received, end);
        long minutes = Math.max(0, Duration.between(received, end).toMinutes());
        return new AuditViews.CaseDuration(row.caseId(), row.state(), row.completedAt() != null, row.receivedAt(),
                row.completedAt(), workingDays, Math.round(minutes / 6.0) / 10.0, row.overdue(now));
    }

    /** Each item's time limit, from the catalogues in force (an earlier agreement, by id, wins). */
    private Map<String, Integer> catalogue() {
        Map<String, Integer> limits = new LinkedHashMap<>();
        subjects.agreements().forEach(a -> a.active().map(AgreementVersionView::terms).ifPresent(terms -> {
            for (CatalogueItem i : terms.items()) {
                limits.putIfAbsent(i.code(), i.timeLimitDays());
            }
        }));
        return limits;
    }

    /** The agreement's calendar, or the rules' own for an agreement no longer in force. */
    private WorkingDayCalendar calendar(String agreementId) {
        try {
            return AgreementLookup.calendar(ledger, rules, agreementId);
        } catch (RuleException e) {
            return new WorkingDayCalendar(rules.zone(), rules.holidays(), rules.extraWorkingDays());
        }
    }

    private static LocalDate day(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            if (DAY.matcher(value).matches()) {
                return LocalDate.parse(value);
            }
        } catch (DateTimeParseException e) {
            // A day that does not exist, such as 2026-02-30: refused below with the malformed ones.
        }
        throw badRequest("BAD_DATE", field, field + " must be a day as yyyy-MM-dd, not '" + value + "'");
    }

    private static ApiException badRequest(String reason, String field, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, reason, detail, Map.of("field", field));
    }
}
