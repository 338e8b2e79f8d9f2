package org.alliance.ledger.service.cases;

import java.time.Duration;
import org.alliance.ledger.service.projection.ProjectionStatus;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.CaseStepBody;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.Regions;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/cases}: a case Chaozhou forwards to Zhangzhou (this service) is on Zhangzhou's
 * approver list until Zhangzhou decides it; Zhangzhou's own forwarded case is on the accepting
 * list only; pages never exceed their size and their bookmarks reach every case; bad paging,
 * sides, states and roles are refused.
 */
class CaseListTest extends ServiceTestBase {
    @Autowired
    ProjectionStatus projections;

    @Test
    void aCaseForwardedToThisRegionWaitsForItsApproverUntilDecided() throws Exception {
        String incoming = forwardedByChaozhou();
        String outgoing = api.receive(DemoAlliance.PENSION_TRANSFER);
        api.post("clerk", "/api/cases/" + outgoing + "/forward", "{}").andExpect(status().isOk());
        worker.drain();

        // The default: FORWARDED cases whose home region is this one.
        List<JsonNode> waiting = all("approver", "");
        assertThat(ids(waiting)).contains(incoming).doesNotContain(outgoing);
        JsonNode entry = waiting.stream().filter(c -> c.path("caseId").asText().equals(incoming)).findFirst().orElseThrow();
        assertThat(entry.path("acceptingOrg").asText()).isEqualTo(DemoAlliance.CHAOZHOU);
        assertThat(entry.path("homeOrg").asText()).isEqualTo(DemoAlliance.ZHANGZHOU);
        assertThat(entry.path("state").asText()).isEqualTo("FORWARDED");
        assertThat(entry.path("receivedAt").asText()).isNotEmpty();
        // The accepting side lists this region's own forwarded case instead.
        assertThat(ids(all("clerk", "&role=accepting"))).contains(outgoing).doesNotContain(incoming);

        // Decided here: it leaves the list at once (the step is still in the outbox) and shows as APPROVED.
        api.post("approver", "/api/cases/" + incoming + "/approve", "{}").andExpect(status().isOk());
        assertThat(ids(all("approver", ""))).doesNotContain(incoming);
        assertThat(ids(all("auditor", "&state=APPROVED&role=HOME"))).contains(incoming);
        worker.drain();
        assertThat(ids(all("approver", ""))).doesNotContain(incoming);
    }

    @Test
    void pagesKeepTheirSizeAndBadParametersAreRefused() throws Exception {
        String first = forwardedByChaozhou();
        String second = forwardedByChaozhou();
        // One at a time, the bookmarks still reach both cases, and no page holds more than one.
        List<JsonNode> oneByOne = new ArrayList<>();
        String bookmark = "";
        do {
            JsonNode page = Api.json(api.get("approver", "/api/cases?pageSize=1&bookmark=" + q(bookmark))
                    .andExpect(status().isOk()));
            assertThat(page.path("cases").size()).isLessThanOrEqualTo(1);
            assertThat(page.path("scanned").asInt()).isLessThanOrEqualTo(2);
            page.path("cases").forEach(oneByOne::add);
            bookmark = page.path("bookmark").asText();
        } while (!bookmark.isEmpty());
        assertThat(ids(oneByOne)).contains(first, second);

        for (String size : List.of("0", "101", "-1")) {
            api.get("approver", "/api/cases?pageSize=" + size).andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.reason").value("BAD_PAGE"));
        }
        api.get("approver", "/api/cases?pageSize=100").andExpect(status().isOk());
        api.get("approver", "/api/cases?bookmark=not-a-bookmark").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.reason").value("BAD_PAGE"));
        api.get("approver", "/api/cases?role=boss").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.reason").value("BAD_FIELD")).andExpect(jsonPath("$.field").value("role"));
        api.get("approver", "/api/cases?state=WAITING").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.reason").value("BAD_FIELD")).andExpect(jsonPath("$.field").value("state"));
        // Desks and the auditor read the list; the alliance admin and applicants do not, nor anonymous callers.
        for (String user : List.of("clerk", "issuer", "auditor")) {
            api.get(user, "/api/cases").andExpect(status().isOk());
        }
        api.get("admin", "/api/cases").andExpect(status().isForbidden());
        api.get("applicant", "/api/cases").andExpect(status().isForbidden());
        api.get(null, "/api/cases").andExpect(status().isUnauthorized());
    }

    /** Chaozhou receives a case for Zhangzhou and forwards it, signed with its own key, as its service would. */
    private String forwardedByChaozhou() {
        RecordFactory chaozhou = Regions.member(ledgerProperties, service, DemoAlliance.CHAOZHOU);
        String caseId = "case-" + UUID.randomUUID();
        Regions.submit(ledger, chaozhou, Role.CLERK, caseId + "/receive", null, new CaseBody(caseId, Api.AGREEMENT,
                DemoAlliance.PENSION_TRANSFER, DemoAlliance.CHAOZHOU, DemoAlliance.ZHANGZHOU, Api.SUBJECT, null,
                List.of(), false), clock);
        Regions.submit(ledger, chaozhou, Role.CLERK, caseId + "/step-1-chaozhou",
                ledger.subjectHead(CaseLedger.subject(caseId)).orElseThrow(), new CaseStepBody(caseId,
                        CaseAction.FORWARD, CaseState.RECEIVED, CaseState.FORWARDED, Role.CLERK, List.of()), clock);
        // Another region's write reaches this service through the ledger's events, not its outbox.
        long block = ledger.status(ledger.record(caseId + "/step-1-chaozhou").orElseThrow().batchId()).blockNumber();
        try {
            assertThat(projections.awaitBlock(block, Duration.ofSeconds(30))).as("projected within 30 s").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return caseId;
    }

    /** Every case of the list, page after page until the bookmark is empty. */
    private List<JsonNode> all(String user, String query) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        String bookmark = "";
        do {
            JsonNode page = Api.json(api.get(user, "/api/cases?pageSize=100&bookmark=" + q(bookmark) + query)
                    .andExpect(status().isOk()));
            assertThat(page.path("cases").size()).isLessThanOrEqualTo(100);
            page.path("cases").forEach(out::add);
            bookmark = page.path("bookmark").asText();
        } while (!bookmark.isEmpty());
        return out;
    }

    private static List<String> ids(List<JsonNode> cases) {
        return cases.stream().map(c -> c.path("caseId").asText()).toList();
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
