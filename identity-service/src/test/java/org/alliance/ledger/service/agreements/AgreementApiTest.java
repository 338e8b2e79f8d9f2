package org.alliance.ledger.service.agreements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.record.AgreementAction;
import org.alliance.ledger.core.record.AgreementBody;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.Regions;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alliance administration through the API: Zhangzhou (this service) proposes an agreement with
 * Chaozhou, both sign (Chaozhou with its own key directly on the ledger, as its service would), and
 * the version is in force; an amendment adding an item replaces it only once every signatory has
 * signed. With the refusals: not an admin, a version that is not pending, a bad catalogue, this
 * org not a member, an unknown agreement; none of them writes anything.
 */
class AgreementApiTest extends ServiceTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEXT_HASH = "sha256:" + "ef".repeat(32);

    private RecordFactory chaozhou;
    private String id;

    @BeforeEach
    void setUp() {
        chaozhou = Regions.member(ledgerProperties, service, DemoAlliance.CHAOZHOU);
        id = "agr-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void proposedAgreementIsInForceOnceEveryMemberHasSigned() throws Exception {
        JsonNode proposed = Api.json(api.post("admin", "/api/agreements", request(id, null, "PASSPORT-RENEW"))
                .andExpect(status().isCreated()));
        assertThat(proposed.path("activeVersion").asInt()).isZero();
        assertThat(proposed.has("current")).isFalse();
        JsonNode v1 = proposed.path("pending").path(0);
        assertThat(v1.path("version").asInt()).isEqualTo(1);
        assertThat(v1.path("status").asText()).isEqualTo("PROPOSED");
        assertThat(v1.path("proposer").asText()).isEqualTo(DemoAlliance.ZHANGZHOU);
        assertThat(v1.path("ledger").path("status").asText()).isEqualTo("PENDING");
        assertThat(texts(v1.path("awaiting"))).containsExactly(DemoAlliance.CHAOZHOU, DemoAlliance.ZHANGZHOU);
        JsonNode item = v1.path("terms").path("items").path(0);
        assertThat(item.path("code").asText()).isEqualTo("PASSPORT-RENEW");
        assertThat(item.path("homeRule").asText()).isEqualTo("where the applicant is registered");
        assertThat(item.path("timeLimitDays").asInt()).isEqualTo(10);
        assertThat(texts(item.path("materials"))).containsExactly("application form", "old passport");

        // This org signs while the proposal is still in the outbox.
        api.post("admin", "/api/agreements/" + id + "/versions/1/sign", "").andExpect(status().isOk())
                .andExpect(jsonPath("$.pending[0].signatures[0].org").value(DemoAlliance.ZHANGZHOU))
                .andExpect(jsonPath("$.pending[0].awaiting[0]").value(DemoAlliance.CHAOZHOU));
        worker.drain();
        signOnLedgerAsChaozhou(1);

        api.get("clerk", "/api/agreements/" + id).andExpect(status().isOk())
                .andExpect(jsonPath("$.activeVersion").value(1))
                .andExpect(jsonPath("$.current.status").value("ACTIVE"))
                .andExpect(jsonPath("$.current.activatedAt").isNotEmpty())
                .andExpect(jsonPath("$.current.ledger.status").value("COMMITTED"))
                .andExpect(jsonPath("$.current.signatures.length()").value(2))
                .andExpect(jsonPath("$.current.awaiting.length()").value(0))
                .andExpect(jsonPath("$.pending.length()").value(0));
        assertThat(ledger.agreement(id).active()).isPresent();
    }

    @Test
    void amendmentAddingAnItemBecomesCurrentOnlyWhenAllSignatoriesHaveSigned() throws Exception {
        inForce("PASSPORT-RENEW");
        long before = outbox.all().size();

        api.post("admin", "/api/agreements/" + id + "/amendments", request(null, 1, "PASSPORT-RENEW", "VISA-EXTEND"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.activeVersion").value(1))
                .andExpect(jsonPath("$.pending[0].version").value(2))
                .andExpect(jsonPath("$.pending[0].terms.items.length()").value(2));
        // One proposal at a time; a version that is not pending cannot be signed.
        api.post("admin", "/api/agreements/" + id + "/amendments", request(null, null, "VISA-EXTEND"))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.reason").value("VERSION_CONFLICT"));
        api.post("admin", "/api/agreements/" + id + "/versions/1/sign", "")
                .andExpect(status().isConflict()).andExpect(jsonPath("$.reason").value("VERSION_CONFLICT"));
        api.post("admin", "/api/agreements/" + id + "/versions/3/sign", "")
                .andExpect(status().isConflict()).andExpect(jsonPath("$.reason").value("VERSION_CONFLICT"));

        api.post("admin", "/api/agreements/" + id + "/versions/2/sign", "").andExpect(status().isOk());
        api.post("admin", "/api/agreements/" + id + "/versions/2/sign", "")
                .andExpect(status().isConflict()).andExpect(jsonPath("$.reason").value("WRONG_STATE"));
        assertThat(outbox.all()).hasSize((int) before + 2);
        worker.drain();

        // Zhangzhou has signed, Chaozhou not yet: version 1 is still the one in force.
        JsonNode halfway = Api.json(api.get("admin", "/api/agreements/" + id).andExpect(status().isOk()));
        assertThat(halfway.path("current").path("version").asInt()).isEqualTo(1);
        assertThat(codes(halfway.path("current"))).containsExactly("PASSPORT-RENEW");
        assertThat(texts(halfway.path("pending").path(0).path("awaiting"))).containsExactly(DemoAlliance.CHAOZHOU);
        assertThat(ledger.agreement(id).activeVersion()).isEqualTo(1);

        signOnLedgerAsChaozhou(2);
        JsonNode amended = Api.json(api.get("admin", "/api/agreements/" + id).andExpect(status().isOk()));
        assertThat(amended.path("activeVersion").asInt()).isEqualTo(2);
        assertThat(codes(amended.path("current"))).containsExactly("PASSPORT-RENEW", "VISA-EXTEND");
        assertThat(amended.path("pending")).isEmpty();

        // An amendment written against version 1 is stale now.
        api.post("admin", "/api/agreements/" + id + "/amendments", request(null, 1, "VISA-EXTEND"))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.reason").value("VERSION_CONFLICT"));
    }

    @Test
    void onlyAnAdminWritesAndAnyStaffRoleReads() throws Exception {
        inForce("PASSPORT-RENEW");
        long before = outbox.all().size();
        api.post("clerk", "/api/agreements", request("agr-other-" + id, null, "PASSPORT-RENEW"))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.reason").value("FORBIDDEN"));
        api.post("approver", "/api/agreements/" + id + "/amendments", request(null, null, "VISA-EXTEND"))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.reason").value("FORBIDDEN"));
        api.post("auditor", "/api/agreements/" + id + "/versions/1/sign", "")
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.reason").value("FORBIDDEN"));
        api.post(null, "/api/agreements", request("agr-anon-" + id, null, "PASSPORT-RENEW"))
                .andExpect(status().isUnauthorized());
        api.get("applicant", "/api/agreements/" + id).andExpect(status().isForbidden());
        api.get("clerk", "/api/agreements/" + id).andExpect(status().isOk());
        api.get("auditor", "/api/agreements/" + id).andExpect(status().isOk());
        assertThat(outbox.all()).hasSize((int) before);
    }

    @Test
    void badCataloguesAndMembershipsAreRefusedBeforeAnythingIsWritten() throws Exception {
        long before = outbox.all().size();
        expectRefused(withItem(Map.of("timeLimitDays", 0)), 400, "MALFORMED_INPUT");
        expectRefused(withItem(Map.of("timeLimitDays", 366)), 400, "MALFORMED_INPUT");
        expectRefused(withItem(Map.of("code", "passport renew")), 400, "MALFORMED_INPUT");
        expectRefused(withItem(Map.of("homeRule", "")), 400, "MALFORMED_INPUT");
        Map<String, Object> noLimit = item("PASSPORT-RENEW");
        noLimit.remove("timeLimitDays");
        expectRefused(body(id, null, List.of(member(DemoAlliance.ZHANGZHOU, service)), List.of(noLimit)), 400,
                "MALFORMED_INPUT");
        Map<String, Object> duplicate = body(id, null, List.of(member(DemoAlliance.ZHANGZHOU, service)),
                List.of(item("PASSPORT-RENEW"), item("PASSPORT-RENEW")));
        expectRefused(duplicate, 400, "MALFORMED_INPUT");
        Map<String, Object> noItems = body(id, null, List.of(member(DemoAlliance.ZHANGZHOU, service)), List.of());
        expectRefused(noItems, 400, "MALFORMED_INPUT");
        Map<String, Object> badKey = member(DemoAlliance.ZHANGZHOU, service);
        badKey.put("signingKeys", List.of("AAAA"));
        expectRefused(body(id, null, List.of(badKey), List.of(item("PASSPORT-RENEW"))), 400, "BAD_SIGNATURE");
        expectRefused(body(id, null, List.of(member(DemoAlliance.CHAOZHOU, chaozhou)), List.of(item("PASSPORT-RENEW"))),
                403, "NOT_A_MEMBER");
        expectRefused(body("bad/id", null, List.of(member(DemoAlliance.ZHANGZHOU, service)),
                List.of(item("PASSPORT-RENEW"))), 400, "BAD_FIELD");
        assertThat(outbox.all()).hasSize((int) before);
        api.get("admin", "/api/agreements/" + id).andExpect(status().isNotFound());
    }

    @Test
    void unknownAgreementIs404AndAProposalIsRepeatedSafelyWithItsKey() throws Exception {
        api.get("admin", "/api/agreements/agr-nowhere").andExpect(status().isNotFound())
                .andExpect(jsonPath("$.reason").value("UNKNOWN_AGREEMENT"));
        api.post("admin", "/api/agreements/agr-nowhere/amendments", request(null, null, "PASSPORT-RENEW"))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.reason").value("UNKNOWN_AGREEMENT"));
        api.post("admin", "/api/agreements/agr-nowhere/versions/1/sign", "")
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.reason").value("UNKNOWN_AGREEMENT"));

        long before = outbox.all().size();
        String body = request(id, null, "PASSPORT-RENEW");
        String first = api.post("admin", "/api/agreements", body, "agr-key-" + id).andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        api.post("admin", "/api/agreements", body, "agr-key-" + id).andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(result -> assertThat(result.getResponse().getContentAsString()).isEqualTo(first));
        assertThat(outbox.all()).hasSize((int) before + 1);
        // Without the key a second proposal of the same id is a conflict, not a second version 1.
        api.post("admin", "/api/agreements", body).andExpect(status().isConflict())
                .andExpect(jsonPath("$.reason").value("VERSION_CONFLICT"));
        assertThat(outbox.all()).hasSize((int) before + 1);
    }

    /** Proposes {@link #id} with these items and has both members sign it. */
    private void inForce(String... items) throws Exception {
        api.post("admin", "/api/agreements", request(id, null, items)).andExpect(status().isCreated());
        api.post("admin", "/api/agreements/" + id + "/versions/1/sign", "").andExpect(status().isOk());
        worker.drain();
        signOnLedgerAsChaozhou(1);
        assertThat(ledger.agreement(id).activeVersion()).isEqualTo(1);
    }

    private void signOnLedgerAsChaozhou(int version) {
        String contentHash = ledger.agreement(id).versions().get(version - 1).contentHash();
        Regions.submit(ledger, chaozhou, Role.ADMIN, id + "/v" + version + "/sign/" + DemoAlliance.CHAOZHOU,
                ledger.subjectHead(AgreementLedger.subject(id)).orElseThrow(),
                new AgreementBody(AgreementAction.SIGN, id, version, null, contentHash), clock);
    }

    private void expectRefused(Map<String, Object> body, int status, String reason) throws Exception {
        api.post("admin", "/api/agreements", JSON.writeValueAsString(body)).andExpect(status().is(status))
                .andExpect(jsonPath("$.reason").value(reason));
    }

    private String request(String agreementId, Integer basedOn, String... items) throws Exception {
        List<Map<String, Object>> catalogue = new ArrayList<>();
        for (String code : items) {
            catalogue.add(item(code));
        }
        return JSON.writeValueAsString(body(agreementId, basedOn,
                List.of(member(DemoAlliance.ZHANGZHOU, service), member(DemoAlliance.CHAOZHOU, chaozhou)), catalogue));
    }

    private Map<String, Object> withItem(Map<String, Object> change) {
        Map<String, Object> item = item("PASSPORT-RENEW");
        item.putAll(change);
        return body(id, null, List.of(member(DemoAlliance.ZHANGZHOU, service)), List.of(item));
    }

    private static Map<String, Object> body(String agreementId, Integer basedOn, List<Map<String, Object>> members,
            List<Map<String, Object>> items) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agreementId", agreementId);
        body.put("basedOnVersion", basedOn);
        body.put("members", members);
        body.put("items", items);
        body.put("holidays", List.of("2026-10-01"));
        body.put("textHash", TEXT_HASH);
        return body;
    }

    private static Map<String, Object> member(String org, RecordFactory key) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mspId", org);
        m.put("regionName", org.replace("MSP", ""));
        m.put("regionCode", org.equals(DemoAlliance.ZHANGZHOU) ? "3506" : "4451");
        m.put("role", "REGION");
        m.put("signingKeys", List.of(key.publicKeyBase64()));
        return m;
    }

    private static Map<String, Object> item(String code) {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("code", code);
        i.put("title", "Item " + code);
        i.put("homeRule", "where the applicant is registered");
        i.put("timeLimitDays", 10);
        i.put("materials", List.of("application form", "old passport"));
        return i;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> codes(JsonNode version) {
        return version.path("terms").path("items").findValuesAsText("code");
    }
}
