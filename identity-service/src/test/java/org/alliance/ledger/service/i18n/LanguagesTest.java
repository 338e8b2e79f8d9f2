package org.alliance.ledger.service.i18n;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.Regions;
import org.alliance.ledger.service.testkit.SelfHomedCase;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * The API in Chinese first: problem titles and details from the bundle in the language asked for
 * (English when asked, Chinese by default and for any other language), the reason code and the
 * service's own explanation unchanged; the display names of the agreement in force; and the
 * working days left of an open case.
 */
class LanguagesTest extends ServiceTestBase {
    @Test
    void aProblemIsInTheLanguageAskedForAndKeepsItsReasonAndCause() throws Exception {
        JsonNode zh = problem(null, 404);
        assertThat(zh.path("reason").asText()).isEqualTo("UNKNOWN_CASE");
        assertThat(zh.path("title").asText()).isEqualTo("未找到");
        assertThat(zh.path("detail").asText()).isEqualTo("没有此案件。");
        assertThat(zh.path("cause").asText()).contains("case-no-such");

        JsonNode en = problem("en-GB,en;q=0.9", 404);
        assertThat(en.path("reason").asText()).isEqualTo("UNKNOWN_CASE");
        assertThat(en.path("title").asText()).isEqualTo("Not found");
        assertThat(en.path("detail").asText()).isEqualTo("There is no such case.");
        assertThat(en.path("cause").asText()).isEqualTo(zh.path("cause").asText());

        // A language the service does not speak gets Chinese, not English.
        assertThat(problem("fr-FR,de;q=0.8", 404).path("detail").asText()).isEqualTo("没有此案件。");
        // ?lang= wins over the header, as the pages' language switch sets it.
        assertThat(Api.json(mvc.perform(get("/api/cases/case-no-such?lang=en").headers(Regions.as("clerk"))
                .header("Accept-Language", "zh-CN"))).path("detail").asText()).isEqualTo("There is no such case.");
    }

    @Test
    void aFieldProblemNamesItsFieldAndRefusalsOutsideSpringMvcAreWordedToo() throws Exception {
        JsonNode missing = Api.json(mvc.perform(post("/api/cases").headers(Regions.as("clerk"))
                .contentType(MediaType.APPLICATION_JSON).content("{}").header("Accept-Language", "en"))
                .andExpect(status().isBadRequest()));
        assertThat(missing.path("reason").asText()).isEqualTo("MISSING_FIELD");
        // The detail names the field in words; the field member keeps its code.
        assertThat(missing.path("field").asText()).isIn("agreementId", "itemCode", "homeOrg");
        assertThat(missing.path("detail").asText()).startsWith("A required field is missing.")
                .endsWith("(" + Map.of("agreementId", "agreement", "itemCode", "item", "homeOrg", "home region")
                        .get(missing.path("field").asText()) + ")");
        // Refused by the security chain, before Spring MVC: still in Chinese by default.
        JsonNode unauthenticated = Api.json(mvc.perform(get("/api/cases/x")).andExpect(status().isUnauthorized()));
        assertThat(unauthenticated.path("reason").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(unauthenticated.path("title").asText()).isEqualTo("未登录");
    }

    @Test
    void namesComeFromTheAgreementInForceInEitherLanguage() throws Exception {
        JsonNode zh = Api.json(mvc.perform(get("/api/names")).andExpect(status().isOk()));
        assertThat(zh.path("lang").asText()).isEqualTo("zh-CN");
        assertThat(zh.at("/orgs/" + DemoAlliance.ZHANGZHOU).asText()).isEqualTo("漳州市");
        assertThat(zh.at("/orgs/" + DemoAlliance.CHAOZHOU).asText()).isEqualTo("潮州市");
        assertThat(zh.at("/orgs/" + DemoAlliance.AUDIT).asText()).isEqualTo("福建省监督办公室");
        assertThat(zh.at("/items/" + DemoAlliance.PENSION_TRANSFER).asText()).isEqualTo("基本养老保险关系转移接续");
        assertThat(zh.at("/materials/" + DemoAlliance.PENSION_TRANSFER + "/transfer-application").asText())
                .isEqualTo("转移接续申请表");
        assertThat(zh.at("/homeRules/" + DemoAlliance.PENSION_TRANSFER).asText()).isEqualTo("参保人最后参保地");
        assertThat(zh.at("/windows/ZZ-WINDOW-03").asText()).isEqualTo("综合受理 3 号窗口");
        assertThat(zh.at("/certificateTypes/SIT01").asText()).isEqualTo("基本养老保险参保缴费凭证");
        assertThat(zh.at("/itemCertificateTypes/" + DemoAlliance.PENSION_TRANSFER).asText()).isEqualTo("SIT01");
        assertThat(zh.at("/agreements/" + Api.AGREEMENT)).hasSize(DemoAlliance.catalogue().size());
        assertThat(zh.at("/agreements/" + Api.AGREEMENT + "/0").asText())
                .isEqualTo(DemoAlliance.catalogue().getFirst().code());

        JsonNode en = Api.json(mvc.perform(get("/api/names").header("Accept-Language", "en-US")).andExpect(status().isOk()));
        assertThat(en.path("lang").asText()).isEqualTo("en");
        assertThat(en.at("/orgs/" + DemoAlliance.ZHANGZHOU).asText()).isEqualTo("Zhangzhou, Fujian");
        assertThat(en.at("/items/" + DemoAlliance.PENSION_TRANSFER).asText()).isEqualTo("Transfer of basic pension insurance");
        assertThat(en.at("/homeRules/" + DemoAlliance.PENSION_TRANSFER).asText()).isEqualTo("where the insured was last insured");
        assertThat(en.at("/windows/ZZ-WINDOW-03").asText()).isEqualTo("General services, window 3");
        assertThat(en.at("/certificateTypes/SIT01").asText()).isEqualTo("Pension insurance contribution certificate");
        assertThat(Api.json(mvc.perform(get("/api/names?lang=xx"))).path("lang").asText()).isEqualTo("zh-CN");
    }

    @Test
    void anOpenCaseShowsItsWorkingDaysLeftAndAClosedOneDoesNot() throws Exception {
        String caseId = Api.json(api.post("clerk", "/api/cases", SelfHomedCase.RECEIVE).andExpect(status().isCreated()))
                .path("caseId").asText();
        worker.drain();
        JsonNode open = Api.json(api.get("clerk", "/api/cases/" + caseId));
        // ENT-SETUP has a time limit of 3 working days, counted from the day after receipt.
        assertThat(open.path("workingDaysLeft").asInt()).isEqualTo(3);
        JsonNode timeline = Api.json(api.get("auditor", "/api/audit/cases/" + caseId + "/timeline"));
        assertThat(timeline.path("workingDaysLeft").asInt()).isEqualTo(3);
        JsonNode export = Api.json(api.get("auditor", "/api/audit/cases/" + caseId + "/timeline/export"));
        assertThat(export.toString()).doesNotContain("workingDaysLeft");
    }

    private JsonNode problem(String acceptLanguage, int expected) throws Exception {
        var request = get("/api/cases/case-no-such").headers(Regions.as("clerk"));
        if (acceptLanguage != null) {
            request.header("Accept-Language", acceptLanguage);
        }
        return Api.json(mvc.perform(request).andExpect(status().is(expected)));
    }
}
