package org.alliance.ledger.service.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import org.alliance.ledger.core.rules.WorkingDayCalendar;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.Test;

/**
 * The auditor's views: time limits in working days with a controllable clock across a weekend,
 * pagination and its limits, and access (anonymous 401, other roles 403).
 */
class AuditApiTest extends ServiceTestBase {
    /** One working day, so a Friday receipt is due at the end of Monday. */
    private static final String ONE_DAY_ITEM = "PENSION-QUALIFY";

    @Test
    void oneWorkingDayFromFridayEndsOnMondayNotOnSaturday() throws Exception {
        // Only forward: the shared ledger refuses nothing for a clock that moves on.
        ZonedDateTime friday = clock.instant().atZone(WorkingDayCalendar.ALLIANCE_ZONE)
                .with(TemporalAdjusters.next(DayOfWeek.FRIDAY)).with(LocalTime.of(10, 0));
        clock.set(friday.toInstant());
        String caseId = api.receive(ONE_DAY_ITEM);
        worker.drain();
        String query = "/api/audit/cases/overdue?region=ZhangzhouMSP&item=" + ONE_DAY_ITEM + "&pageSize=100";

        clock.set(friday.plusDays(1).with(LocalTime.NOON).toInstant()); // Saturday
        assertThat(standing(query + "&dueWithinDays=1", caseId)).isEqualTo("DUE_SOON");
        clock.set(friday.plusDays(2).with(LocalTime.NOON).toInstant()); // Sunday: calendar days would be overdue
        assertThat(standing(query + "&dueWithinDays=0", caseId)).isNull();
        clock.set(friday.plusDays(3).with(LocalTime.of(20, 0)).toInstant()); // Monday evening: due today
        assertThat(standing(query + "&dueWithinDays=0", caseId)).isEqualTo("DUE_SOON");
        clock.set(friday.plusDays(4).with(LocalTime.of(0, 30)).toInstant()); // Tuesday
        assertThat(standing(query + "&dueWithinDays=0", caseId)).isEqualTo("OVERDUE");
        // Per region: Chaozhou decides it, Shantou has nothing to do with it.
        assertThat(standing(query.replace("ZhangzhouMSP", "ChaozhouMSP"), caseId)).isEqualTo("OVERDUE");
        assertThat(standing(query.replace("ZhangzhouMSP", "ShantouMSP"), caseId)).isNull();
        api.get("auditor", "/api/audit/cases/" + caseId + "/timeline").andExpect(status().isOk())
                .andExpect(jsonPath("$.overdue").value(true))
                .andExpect(jsonPath("$.deadline").value(friday.plusDays(3).toLocalDate().plusDays(1)
                        .atStartOfDay(WorkingDayCalendar.ALLIANCE_ZONE).toInstant().minusNanos(1).toString()));
        api.get("auditor", "/api/audit/cases/overdue?dueWithinDays=-1").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.reason").value("BAD_FIELD"));
    }

    @Test
    void timelinePagesAndRefusesOutOfRangePaging() throws Exception {
        String caseId = api.receive(ONE_DAY_ITEM);
        api.post("clerk", "/api/cases/" + caseId + "/forward", "{}").andExpect(status().isOk());
        worker.drain();
        String base = "/api/audit/cases/" + caseId + "/timeline";
        JsonNode first = Api.json(api.get("auditor", base + "?pageSize=1").andExpect(status().isOk()));
        assertThat(first.path("steps").findValuesAsText("action")).containsExactly("RECEIVE");
        String bookmark = first.path("bookmark").asText();
        assertThat(bookmark).isNotEmpty();
        JsonNode second = Api.json(api.get("auditor", base + "?pageSize=1&bookmark=" + bookmark));
        assertThat(second.path("steps").findValuesAsText("action")).containsExactly("FORWARD");
        assertThat(second.path("bookmark").asText()).isEmpty();

        for (String bad : new String[] {"?pageSize=0", "?pageSize=101", "?pageSize=-5", "?bookmark=%21%21",
                "?bookmark=bzo5OTk"}) {
            api.get("auditor", base + bad).andExpect(status().isBadRequest()).andExpect(jsonPath("$.reason").value("BAD_PAGE"));
        }
        api.get("auditor", "/api/audit/recognitions?targetId=" + caseId + "&pageSize=1000").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.reason").value("BAD_PAGE"));
        api.get("auditor", "/api/audit/recognitions?targetId=" + caseId + "&bookmark=not-a-ledger-bookmark")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.reason").value("BAD_PAGE"));
        api.get("auditor", "/api/audit/cases/case-nope/timeline").andExpect(status().isNotFound())
                .andExpect(jsonPath("$.reason").value("UNKNOWN_CASE"));
    }

    @Test
    void auditIsForAuditorsOnly() throws Exception {
        for (String path : new String[] {"/api/audit/cases/overdue", "/api/audit/recognitions?targetId=x",
                "/api/audit/cases/x/timeline", "/api/audit/certificates/x/history"}) {
            api.get(null, path).andExpect(status().isUnauthorized()).andExpect(jsonPath("$.reason").value("UNAUTHENTICATED"));
            api.get("clerk", path).andExpect(status().isForbidden()).andExpect(jsonPath("$.reason").value("FORBIDDEN"));
            api.get("admin", path).andExpect(status().isForbidden());
        }
        api.post("auditor", "/api/audit/cases/overdue", "{}").andExpect(status().isForbidden());
    }

    private String standing(String query, String caseId) throws Exception {
        JsonNode cases = Api.json(api.get("auditor", query).andExpect(status().isOk())).path("cases");
        for (JsonNode c : cases) {
            if (c.path("caseId").asText().equals(caseId)) {
                return c.path("standing").asText();
            }
        }
        return null;
    }
}
