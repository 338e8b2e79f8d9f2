package org.alliance.ledger.service.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.rules.RulesConfig;
import org.alliance.ledger.core.rules.WorkingDayCalendar;
import org.alliance.ledger.service.ledger.AgreementLookup;
import org.alliance.ledger.service.outbox.OutboxWorker;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.MutableClock;
import org.alliance.ledger.service.testkit.SelfHomedCase;

/**
 * Five cases with known durations, taken through their steps on the shared ledger by moving the
 * context's clock through a week after the clock's day whose five weekdays, and the next Monday,
 * are working days (the clock only
 * moves forward: other tests of the context have moved it already, and the ledger judges record
 * times against it). Times are Asia/Shanghai; the week's Friday at 15:00 is the time asked at.
 *
 * <ul>
 * <li>{@link #issuedSameDay}: enterprise setup (3 working days), received Monday 09:00 and issued at 11:00,
 *     0 working days, 2 hours, within;
 * <li>{@link #rejectedNextDay}: enterprise setup, received Monday 09:00, rejected Tuesday 10:00: 1 working day,
 *     25 hours, within;
 * <li>{@link #issuedLate}: enterprise setup, received Monday 09:00, issued Friday 14:00: 4 working days,
 *     101 hours, over;
 * <li>{@link #openWithin}: enterprise setup, received Wednesday 09:00, open: 2 working days, 54 hours, within;
 * <li>{@link #openOver}: the pension check (1 working day, decided by Chaozhou), received Monday 09:00,
 *     open: 4 working days, 102 hours, over.
 * </ul>
 *
 * @param monday the week's Monday
 * @param issuedSameDay the case issued on the day of receipt
 * @param rejectedNextDay the case rejected the next working day
 * @param issuedLate the case issued after its deadline
 * @param openWithin the open case within its limit
 * @param openOver the open case past its limit
 */
record TimedCases(LocalDate monday, String issuedSameDay, String rejectedNextDay, String issuedLate, String openWithin,
        String openOver) {
    /** The item of the self-homed cases ({@link SelfHomedCase#RECEIVE}). */
    static final String SETUP = "ENT-SETUP";
    /** The one-working-day item. */
    static final String PENSION_CHECK = "PENSION-QUALIFY";
    private static final Duration PROJECTION_WAIT = Duration.ofSeconds(30);

    /**
     * Takes the five cases through their steps, leaving the clock at the week's Friday, 15:00.
     *
     * @param api the API as the development users
     * @param clock the context's clock
     * @param worker the outbox worker, drained after each day's writes
     * @param ledger the ledger, for the agreement's calendar
     * @return the cases
     * @throws Exception on failure
     */
    static TimedCases take(Api api, MutableClock clock, OutboxWorker worker, EvidenceLedger ledger) throws Exception {
        WorkingDayCalendar calendar = AgreementLookup.calendar(ledger, RulesConfig.defaults(), Api.AGREEMENT);
        LocalDate monday = clock.instant().atZone(WorkingDayCalendar.ALLIANCE_ZONE).toLocalDate()
                .with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        while (!workingWeek(calendar, monday)) {
            monday = monday.plusWeeks(1);
        }
        at(clock, monday, 9);
        String sameDay = receiveSelfHomed(api);
        String rejected = receiveSelfHomed(api);
        String late = receiveSelfHomed(api);
        String over = api.receive(PENSION_CHECK);
        worker.drain();
        at(clock, monday, 11);
        for (String step : new String[] {"forward", "approve", "issue"}) {
            step(api, sameDay, step, "{}");
        }
        step(api, rejected, "forward", "{}");
        step(api, late, "forward", "{}");
        worker.drain();
        at(clock, monday.plusDays(1), 10);
        step(api, rejected, "reject", "{\"reason\":\"NOT_ELIGIBLE\"}");
        worker.drain();
        at(clock, monday.plusDays(2), 9);
        String within = receiveSelfHomed(api);
        worker.drain();
        at(clock, monday.plusDays(4), 14);
        step(api, late, "approve", "{}");
        step(api, late, "issue", "{}");
        worker.drain();
        at(clock, monday.plusDays(4), 15);
        return new TimedCases(monday, sameDay, rejected, late, within, over);
    }

    /** Monday to Friday and the next Monday are working days, so the counts below hold. */
    private static boolean workingWeek(WorkingDayCalendar calendar, LocalDate monday) {
        for (int d = 0; d < 5; d++) {
            if (!calendar.isWorkingDay(monday.plusDays(d))) {
                return false;
            }
        }
        return calendar.isWorkingDay(monday.plusWeeks(1));
    }

    private static void at(MutableClock clock, LocalDate day, int hour) {
        clock.set(ZonedDateTime.of(day, LocalTime.of(hour, 0), WorkingDayCalendar.ALLIANCE_ZONE).toInstant());
    }

    /** Receives an enterprise setup that Zhangzhou decides itself, so one instance takes every step. */
    private static String receiveSelfHomed(Api api) throws Exception {
        return Api.json(api.post("clerk", "/api/cases", SelfHomedCase.RECEIVE)
                .andExpect(status().isCreated())).path("caseId").asText();
    }

    private static void step(Api api, String caseId, String step, String body) throws Exception {
        String user = switch (step) {
            case "forward" -> "clerk";
            case "issue" -> "issuer";
            default -> "approver";
        };
        api.post(user, "/api/cases/" + caseId + "/" + step, body).andExpect(status().isOk());
    }

    /**
     * The items of every agreement in force, in the order the service lists them: other tests in
     * the same context may have put another agreement in force beside the demo one.
     *
     * @param api the service
     * @return the item codes, each once
     * @throws Exception on failure
     */
    static List<String> itemsInForce(Api api) throws Exception {
        JsonNode agreements = Api.json(api.get(null, "/api/names").andExpect(status().isOk())).path("agreements");
        List<String> codes = new ArrayList<>();
        agreements.forEach(items -> items.forEach(code -> {
            if (!codes.contains(code.asText())) {
                codes.add(code.asText());
            }
        }));
        return codes;
    }

    /**
     * Asks the durations until the projection holds the expected number of cases (its follower
     * runs on a thread of its own), for at most 30 seconds.
     *
     * @param api the API
     * @param query the durations query
     * @param expected how many cases it answers once projected
     * @return the answer
     * @throws Exception on failure
     */
    static JsonNode awaitProjected(Api api, String query, int expected) throws Exception {
        long until = System.nanoTime() + PROJECTION_WAIT.toNanos();
        JsonNode answer = Api.json(api.get("auditor", query).andExpect(status().isOk()));
        while (caseIds(answer).size() < expected && System.nanoTime() < until) {
            Thread.sleep(100);
            answer = Api.json(api.get("auditor", query).andExpect(status().isOk()));
        }
        assertThat(caseIds(answer)).as("cases projected within %s", PROJECTION_WAIT).hasSize(expected);
        return answer;
    }

    /**
     * The case ids of a durations answer, item by item.
     *
     * @param answer the answer
     * @return the ids
     */
    static List<String> caseIds(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.path("items").forEach(i -> i.path("cases").forEach(c -> ids.add(c.path("caseId").asText())));
        return ids;
    }
}
