package org.alliance.ledger.service.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.Regions;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Each item's case durations against its time limit, over cases taken through their steps on the
 * embedded ledger and projected from it ({@link TimedCases}): finished cases from receipt to their
 * result, open ones to now, in working days and hours, the counts within and over the limit, the
 * region and period filters, the refusals of bad input in both languages, and access.
 */
class CaseDurationsTest extends ServiceTestBase {
    @Test
    void eachItemsCasesAreMeasuredAgainstItsTimeLimitWithinTheRegionAndPeriod() throws Exception {
        TimedCases cases = TimedCases.take(api, clock, worker, ledger);
        String week = "/api/audit/durations?from=" + cases.monday() + "&to=" + cases.monday().plusDays(4);
        JsonNode all = TimedCases.awaitProjected(api, week, 5);
        assertThat(all.path("asOf").asText()).isEqualTo(clock.instant().toString());
        // Every item of the agreements in force, in their order, those without cases in the week too.
        assertThat(all.path("items").findValuesAsText("itemCode")).containsExactlyElementsOf(TimedCases.itemsInForce(api))
                .containsAll(DemoAlliance.catalogue().stream().map(i -> i.code()).toList());

        JsonNode setup = item(all, TimedCases.SETUP);
        assertThat(setup.path("titleZh").asText()).isEqualTo("企业设立登记");
        assertThat(setup.path("titleEn").asText()).isEqualTo("Enterprise establishment registration");
        assertThat(setup.path("timeLimitDays").asInt()).isEqualTo(3);
        assertThat(counts(setup)).containsExactly(2, 1, 1, 0);
        assertThat(durations(setup)).containsExactlyInAnyOrderEntriesOf(Map.of(
                cases.issuedSameDay(), "ISSUED finished 0 2.0 within",
                cases.rejectedNextDay(), "REJECTED finished 1 25.0 within",
                cases.issuedLate(), "ISSUED finished 4 101.0 over",
                cases.openWithin(), "RECEIVED open 2 54.0 within"));
        JsonNode finished = setup.path("cases").path(0);
        assertThat(finished.path("endedAt").asText()).isNotEmpty();
        assertThat(setup.path("cases").findValuesAsText("caseId")).as("receipt order")
                .endsWith(cases.openWithin());
        assertThat(setup.path("cases").path(3).has("endedAt")).as("an open case has not ended").isFalse();

        JsonNode check = item(all, TimedCases.PENSION_CHECK);
        assertThat(check.path("titleZh").asText()).isEqualTo("养老金领取资格认证");
        assertThat(check.path("timeLimitDays").asInt()).isEqualTo(1);
        assertThat(counts(check)).containsExactly(0, 0, 0, 1);
        assertThat(durations(check)).containsExactly(Map.entry(cases.openOver(), "RECEIVED open 4 102.0 over"));
        assertThat(item(all, "LABOUR-DISPATCH").path("cases").size()).isZero();

        // One item; one region (Chaozhou decides only the pension check, Shantou nothing here); a shorter period.
        JsonNode one = Api.json(api.get("auditor", week + "&item=" + TimedCases.SETUP).andExpect(status().isOk()));
        assertThat(one.path("items").findValuesAsText("itemCode")).containsExactly(TimedCases.SETUP);
        assertThat(durations(item(one, TimedCases.SETUP))).isEqualTo(durations(setup));
        JsonNode chaozhou = Api.json(api.get("auditor", week + "&region=" + DemoAlliance.CHAOZHOU).andExpect(status().isOk()));
        assertThat(chaozhou.path("region").asText()).isEqualTo(DemoAlliance.CHAOZHOU);
        assertThat(caseIds(chaozhou)).containsExactly(cases.openOver());
        assertThat(caseIds(Api.json(api.get("auditor", week + "&region=" + DemoAlliance.SHANTOU)))).isEmpty();
        JsonNode twoDays = Api.json(api.get("auditor", "/api/audit/durations?from=" + cases.monday() + "&to="
                + cases.monday().plusDays(1)).andExpect(status().isOk()));
        assertThat(twoDays.path("to").asText()).isEqualTo(cases.monday().plusDays(1).toString());
        assertThat(caseIds(twoDays)).containsExactlyInAnyOrder(cases.issuedSameDay(), cases.rejectedNextDay(),
                cases.issuedLate(), cases.openOver());
        JsonNode fromWednesday = Api.json(api.get("auditor", "/api/audit/durations?from=" + cases.monday().plusDays(2)));
        assertThat(caseIds(fromWednesday)).containsExactly(cases.openWithin());

        // An open case keeps counting as the clock moves on: the next Monday is one working day more.
        clock.advance(Duration.ofDays(3));
        JsonNode later = Api.json(api.get("auditor", week + "&item=" + TimedCases.SETUP).andExpect(status().isOk()));
        assertThat(durations(item(later, TimedCases.SETUP))).containsEntry(cases.openWithin(), "RECEIVED open 3 126.0 within")
                .containsEntry(cases.issuedLate(), "ISSUED finished 4 101.0 over");
    }

    @Test
    void badInputIsRefusedInTheRequestsLanguage() throws Exception {
        refused("item=NO-SUCH-ITEM", null, "UNKNOWN_ITEM", "没有此事项。 (item)");
        refused("item=NO-SUCH-ITEM", "en", "UNKNOWN_ITEM", "There is no such item. (item)");
        refused("region=NowhereMSP", "en", "BAD_FIELD", "A field is not valid. (region)");
        refused("from=2026-13-01", null, "BAD_DATE", "日期有误。 (from)");
        refused("to=2026-02-30", "en", "BAD_DATE", "A date is not valid. (to)");
        refused("from=12/01/2026", "en", "BAD_DATE", "A date is not valid. (from)");
        refused("from=%2B999999999-01-01", "en", "BAD_DATE", "A date is not valid. (from)");
        refused("from=2026-12-31&to=2026-12-01", "en", "BAD_DATE", "A date is not valid. (to)");
        // Blank filters are no filters.
        api.get("auditor", "/api/audit/durations?region=&item=&from=&to=").andExpect(status().isOk());
    }

    @Test
    void durationsAreForAuditorsOnly() throws Exception {
        String path = "/api/audit/durations";
        api.get(null, path).andExpect(status().isUnauthorized()).andExpect(jsonPath("$.reason").value("UNAUTHENTICATED"));
        for (String user : new String[] {"clerk", "approver", "issuer", "admin"}) {
            api.get(user, path).andExpect(status().isForbidden()).andExpect(jsonPath("$.reason").value("FORBIDDEN"));
        }
    }

    private void refused(String query, String language, String reason, String detail) throws Exception {
        var get = MockMvcRequestBuilders.get("/api/audit/durations?" + query).headers(Regions.as("auditor"));
        if (language != null) {
            get.header("Accept-Language", language);
        }
        ResultActions r = mvc.perform(get).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.reason").value(reason)).andExpect(jsonPath("$.detail").value(detail));
        assertThat(Api.json(r).path("cause").asText()).as(query).isNotEmpty();
    }

    private static JsonNode item(JsonNode answer, String code) {
        for (JsonNode i : answer.path("items")) {
            if (i.path("itemCode").asText().equals(code)) {
                return i;
            }
        }
        throw new AssertionError("no item " + code + " in " + answer);
    }

    private static List<Integer> counts(JsonNode item) {
        return List.of(item.path("finishedWithin").asInt(), item.path("finishedOver").asInt(),
                item.path("openWithin").asInt(), item.path("openOver").asInt());
    }

    /** Each case as "STATE finished|open WORKING-DAYS HOURS within|over", by case id. */
    private static Map<String, String> durations(JsonNode item) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode c : item.path("cases")) {
            out.put(c.path("caseId").asText(), c.path("state").asText() + " " + (c.path("finished").asBoolean() ? "finished" : "open")
                    + " " + c.path("workingDays").asInt() + " " + c.path("hours").asDouble() + " "
                    + (c.path("overLimit").asBoolean() ? "over" : "within"));
        }
        return out;
    }

    private static List<String> caseIds(JsonNode answer) {
        return TimedCases.caseIds(answer);
    }
}
