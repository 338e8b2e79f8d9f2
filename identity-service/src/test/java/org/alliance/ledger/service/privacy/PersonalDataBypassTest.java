package org.alliance.ledger.service.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.record.CaseStepBody;
import org.alliance.ledger.core.record.DocumentHash;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.embedded.EmbeddedLedger;
import org.alliance.ledger.service.cases.CaseLedger;
import org.alliance.ledger.service.config.DataDirectory;
import org.alliance.ledger.service.ledger.LedgerConfiguration;
import org.alliance.ledger.service.storage.OffLedgerNotes;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.Checks;
import org.alliance.ledger.service.testkit.Regions;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Personal data cannot reach the ledger through any write endpoint, nor through a direct ledger
 * client. Every way it was seen to get past the scanner (an ID number in a material label, which
 * then showed in the auditor's export; an ID number as an anonymous kiosk's device id; a suspend
 * reason in full-width digits; a name inside a sentence) and their variants (separators, spaces,
 * full-width characters) is fed to every write endpoint. Each is refused with its 4xx and a
 * reason, writing nothing (no case, no outbox row, no idempotency row, no note), or reduced to a
 * code and a hash with the words kept off the ledger, encrypted. Finally the embedded ledger's
 * block file on disk is searched for every personal string and its digits: none is there.
 */
class PersonalDataBypassTest extends ServiceTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID_1 = "440507-19770707-3226";
    private static final String ID_2 = "350602-19850315-7774";
    private static final String ID_LEGACY = "350602-850315-777";
    private static final String NAME = "李自由";
    private static final String FULL_WIDTH_ID = "４４０５０７１９７７０７０７３２２６";
    private static final String SENTENCE = "持证人" + NAME + "因证件遗失申请挂失";
    /** The ID numbers as a person or a program might write them. */
    private static final List<String> ID_VARIANTS = List.of(ID_1, ID_2, "4405 0719 7707 0732 26",
            "440507.19770707.3226", "440507_19770707_3226", "350602/19850315/7774", ID_LEGACY);

    @Autowired
    DataDirectory dataDirectory;
    @Autowired
    OffLedgerNotes notes;
    private int keys;
    private String approvedCase;

    @Test
    void noPersonalStringReachesTheLedgerThroughAnyWriteEndpoint() throws Exception {
        List<String> earlier = outbox.all().stream().map(e -> e.recordId()).toList();
        // -- Case receipt: material labels come from the item's catalogue; nothing else is a label.
        for (String id : ID_VARIANTS) {
            refused(400, "clerk", "/api/cases", receive("idcard:" + id.replace(' ', '-').replace('/', '-')));
        }
        refused(422, "clerk", "/api/cases", receive("holder-li-ziyou-id-card"), "UNKNOWN_MATERIAL");
        refused(400, "clerk", "/api/cases", receive("idcard:" + FULL_WIDTH_ID));
        refused(400, "clerk", "/api/cases", receive(SENTENCE));
        refused(400, "clerk", "/api/cases", receive("transfer-application").replace(Api.AGREEMENT,
                "agr-" + ID_1), "PERSONAL_DATA");
        String caseId = json(api.post("clerk", "/api/cases", receive("transfer-application"))
                .andExpect(status().isCreated())).path("caseId").asText();

        // -- Case steps: attachments are catalogue materials; a comment is a code plus the hash of its words.
        String forward = "/api/cases/" + caseId + "/forward";
        for (String id : ID_VARIANTS) {
            refused(400, "clerk", forward, attachment("id-" + id.replace(' ', '-').replace('/', '-')));
        }
        refused(422, "clerk", forward, attachment("forward-note"), "UNKNOWN_MATERIAL");
        refused(422, "clerk", forward, step(SENTENCE, null), "UNKNOWN_REASON");
        refused(422, "clerk", forward, step("身份证" + FULL_WIDTH_ID, null), "UNKNOWN_REASON");
        refused(400, "clerk", forward, step(null, SENTENCE), "MISSING_FIELD");
        JsonNode forwarded = json(api.post("clerk", forward, step("MATERIAL_INCOMPLETE", SENTENCE + " 身份证" + FULL_WIDTH_ID))
                .andExpect(status().isOk()));
        assertThat(forwarded.path("state").asText()).isEqualTo("FORWARDED");
        String forwardId = forwarded.path("steps").path(1).path("recordId").asText();
        CaseStepBody forwardBody = (CaseStepBody) outbox.find(forwardId).orElseThrow().signedRecord().record().body();
        assertThat(forwardBody.attachments()).extracting(DocumentHash::label).containsExactly("note:MATERIAL_INCOMPLETE");
        assertThat(notes.read(forwardId)).contains(SENTENCE + " 身份证" + FULL_WIDTH_ID);

        // Chaozhou approves (its own service, with its own key); Zhangzhou issues the result and a certificate.
        RecordFactory chaozhou = Regions.member(ledgerProperties, service, DemoAlliance.CHAOZHOU);
        worker.drain();
        Regions.submit(ledger, chaozhou, Role.APPROVER, caseId + "/chaozhou-approve",
                ledger.subjectHead(CaseLedger.subject(caseId)).orElseThrow(), new CaseStepBody(caseId,
                        CaseAction.APPROVE, CaseState.FORWARDED, CaseState.APPROVED, Role.APPROVER, List.of()), clock);
        approvedCase = caseId;
        // A window is one of the site's, checked for personal data when the service starts: an ID
        // number cannot be passed off as one.
        refused(422, "issuer", "/api/cases/" + caseId + "/issue", "{\"window\":\"W-" + ID_1 + "\"}", "UNKNOWN_WINDOW");
        api.post("issuer", "/api/cases/" + caseId + "/issue", "{\"window\":\"ZZ-WINDOW-03\"}").andExpect(status().isOk());
        refusedCertificate(caseId, "ID440507197707073226", null, "MALFORMED_INPUT");
        refusedCertificate(caseId, "SIT01", "SIT01-440507-1977-07073226", "PERSONAL_DATA");
        String certId = json(api.issueCertificate(Api.pdf("privacy " + caseId), "caseId", caseId, "typeCode", "SIT01")
                .andExpect(status().isCreated())).path("certificateId").asText();

        // -- Certificate status: a reason is a code; the words go off the ledger.
        String suspend = "/api/certificates/" + certId + "/suspend";
        refused(422, "issuer", suspend, reason("身份证" + FULL_WIDTH_ID, null), "UNKNOWN_REASON");
        refused(422, "issuer", suspend, reason(SENTENCE, null), "UNKNOWN_REASON");
        refused(422, "issuer", suspend, reason("lost " + ID_1, null), "UNKNOWN_REASON");
        refused(400, "issuer", suspend, reason(null, SENTENCE), "MISSING_FIELD");
        refused(400, "issuer", suspend, reason("LOST", "x".repeat(OffLedgerNotes.MAX_LENGTH + 1)), "NOTE_TOO_LONG");
        JsonNode suspended = json(api.post("issuer", suspend, reason("LOST", "身份证" + FULL_WIDTH_ID + "，" + SENTENCE))
                .andExpect(status().isOk()));
        assertThat(suspended.path("reason").asText()).isEqualTo("LOST");
        assertThat(suspended.path("noteHash").asText()).matches("(sm3|sha256):[0-9a-f]{64}");
        assertThat(notes.read(suspended.path("recordId").asText())).contains("身份证" + FULL_WIDTH_ID + "，" + SENTENCE);

        // -- Recognitions: likewise.
        String recognise = "/api/recognitions";
        refused(422, "approver", recognise, recognition(SENTENCE, null), "UNKNOWN_REASON");
        refused(422, "approver", recognise, recognition("申请人王小明材料不全", null), "UNKNOWN_REASON");
        refused(400, "approver", recognise, recognition(null, SENTENCE), "MISSING_FIELD");
        JsonNode recognised = json(api.post("approver", recognise, recognition("NOT_ELIGIBLE", SENTENCE))
                .andExpect(status().isCreated()));
        assertThat(recognised.path("reason").asText()).isEqualTo("NOT_ELIGIBLE");
        assertThat(recognised.path("noteHash").asText()).isNotEmpty();

        // -- Identity checks: only a registered device; an anonymous client cannot choose another.
        refusedCheck(422, "UNREGISTERED_DEVICE", ID_2);
        refusedCheck(422, "UNREGISTERED_DEVICE", "kiosk-" + ID_1);
        refusedCheck(400, "BAD_FIELD", "３５０６０２－１９８５０３１５－７７７４");
        refusedCheck(400, "BAD_FIELD", "350602 19850315 7774");

        // -- Agreements: the catalogue is descriptive text, but not about a person.
        refused(400, "admin", "/api/agreements", agreement("agr-privacy-1", "持证人" + NAME + "的材料"), "PERSONAL_DATA");
        refused(400, "admin", "/api/agreements", agreement("agr-privacy-2", "copy of " + ID_1), "PERSONAL_DATA");

        worker.drain();
        assertThat(outbox.all()).filteredOn(e -> !earlier.contains(e.recordId())).hasSize(6)
                .allSatisfy(e -> assertThat(e.status().name()).as(e.recordId()).isEqualTo("COMMITTED"));
        assertThat(assertBlocksHoldNoPersonalString()).as("the comment's code is on the ledger")
                .contains("note:MATERIAL_INCOMPLETE").contains(forwardId);

        // The words are kept encrypted, and only for the retention period.
        byte[] sealed = jdbc.sql("select ciphertext from off_ledger_note where record_id = ?").param(forwardId)
                .query(byte[].class).single();
        assertThat(new String(sealed, StandardCharsets.UTF_8)).doesNotContain(NAME);
        clock.advance(Duration.ofDays(365).minusSeconds(1));
        notes.purgeExpired();
        assertThat(notes.read(forwardId)).isPresent();
        clock.advance(Duration.ofSeconds(2));
        assertThat(notes.purgeExpired()).isGreaterThanOrEqualTo(3);
        assertThat(notes.read(forwardId)).isEmpty();
        assertThat(notes.read(suspended.path("recordId").asText())).isEmpty();
    }

    @Test
    void aDirectLedgerClientIsRefusedPersonalDataWithTheRulesCode() throws Exception {
        String caseId = api.receive(DemoAlliance.PENSION_TRANSFER);
        worker.drain();
        String head = ledger.subjectHead(CaseLedger.subject(caseId)).orElseThrow();
        for (String label : List.of("idcard:" + ID_1, "id-4405.0719.7707.0732.26", "id-" + ID_LEGACY)) {
            assertThatThrownBy(() -> Regions.submit(ledger, service, Role.CLERK, caseId + "/direct", head,
                    new CaseStepBody(caseId, CaseAction.FORWARD, CaseState.RECEIVED, CaseState.FORWARDED, Role.CLERK,
                            List.of(new DocumentHash(label, "sm3", "ab".repeat(32)))), clock))
                    .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERSONAL_DATA));
        }
        assertThatThrownBy(() -> Regions.submit(ledger, service, Role.CLERK, caseId + "/direct", head,
                new CaseStepBody(caseId, CaseAction.FORWARD, CaseState.RECEIVED, CaseState.FORWARDED, Role.CLERK,
                        List.of(new DocumentHash("scan-0001", "sm3", "ab".repeat(32)))), clock))
                .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_MATERIAL));
        assertThat(ledger.caseTimeline(caseId, clock.instant()).steps()).hasSize(1);
        assertBlocksHoldNoPersonalString();
    }

    /** Posts a request that must be refused, and checks that it wrote nothing. */
    private void refused(int status, String user, String path, String body, String... reason) throws Exception {
        List<Long> before = counts();
        String key = "privacy-" + keys++;
        ResultActions result = api.post(user, path, body, key).andExpect(status().is(status))
                .andExpect(jsonPath("$.reason").isNotEmpty());
        if (reason.length > 0) {
            result.andExpect(jsonPath("$.reason").value(reason[0]));
        }
        assertThat(counts()).as("outbox, idempotency, notes, checks after " + path + " " + body).isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from idempotency where idem_key = ?").param(key).query(Long.class).single())
                .isZero();
    }

    private void refusedCertificate(String caseId, String typeCode, String certificateId, String reason)
            throws Exception {
        List<Long> before = counts();
        long serials = serials(typeCode);
        List<String> params = new ArrayList<>(List.of("caseId", caseId, "typeCode", typeCode));
        if (certificateId != null) {
            params.addAll(List.of("certificateId", certificateId));
        }
        api.issueCertificate(Api.pdf("privacy " + typeCode), params.toArray(String[]::new))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.reason").value(reason));
        assertThat(counts()).isEqualTo(before);
        // Other tests of the class share the database and may have issued this type already.
        assertThat(serials(typeCode)).as("serial rows of " + typeCode).isEqualTo(serials);
    }

    private long serials(String typeCode) {
        return jdbc.sql("select coalesce(sum(last_serial), 0) from certificate_serial where type_code = ?").param(typeCode)
                .query(Long.class).single();
    }

    private void refusedCheck(int status, String reason, String deviceId) throws Exception {
        List<Long> before = counts();
        List<Long> checks = Checks.counts(jdbc);
        mvc.perform(Checks.forNonce(Checks.nonce(mvc)).field("deviceId", deviceId).request())
                .andExpect(status().is(status)).andExpect(jsonPath("$.reason").value(reason));
        assertThat(counts()).isEqualTo(before);
        assertThat(Checks.counts(jdbc)).as("no check, blob, outbox row or used nonce").isEqualTo(checks);
    }

    private List<Long> counts() {
        List<Long> out = new ArrayList<>();
        for (String table : List.of("outbox", "idempotency", "off_ledger_note", "identity_check", "certificate_file")) {
            out.add(jdbc.sql("select count(*) from " + table).query(Long.class).single());
        }
        return out;
    }

    /**
     * Reads the embedded ledger's block file as bytes and text and looks for each personal string,
     * its NFKC form and its bare digits.
     */
    private String assertBlocksHoldNoPersonalString() throws Exception {
        Path blocks = dataDirectory.root().resolve(LedgerConfiguration.EMBEDDED_DIR).resolve(EmbeddedLedger.BLOCKS_FILE);
        String text = Files.readString(blocks, StandardCharsets.UTF_8);
        List<String> needles = new ArrayList<>(List.of(NAME, SENTENCE, FULL_WIDTH_ID, "身份证", "持证人", "王小明"));
        for (String id : ID_VARIANTS) {
            needles.add(id);
            needles.add(id.replaceAll("[^0-9]", ""));
        }
        needles.add(Normalizer.normalize(FULL_WIDTH_ID, Normalizer.Form.NFKC));
        for (String needle : needles) {
            assertThat(text).as("blocks.log holds " + needle).doesNotContain(needle);
            // JSON escapes non-ASCII characters in some writers; look for that spelling too.
            assertThat(text).doesNotContain(JSON.writeValueAsString(needle).replaceAll("^\"|\"$", ""));
        }
        return text;
    }

    private static String receive(String label) {
        return """
                {"agreementId":"%s","itemCode":"%s","homeOrg":"ChaozhouMSP","subjectRef":"%s",
                 "materials":[{"label":%s,"alg":"sha256","hash":"%s"}]}"""
                .formatted(Api.AGREEMENT, DemoAlliance.PENSION_TRANSFER, Api.SUBJECT, quote(label), "cd".repeat(32));
    }

    private static String attachment(String label) {
        return "{\"attachments\":[{\"label\":" + quote(label) + ",\"alg\":\"sha256\",\"hash\":\"" + "cd".repeat(32) + "\"}]}";
    }

    private static String step(String reason, String note) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reason", reason);
        m.put("note", note);
        return JSON.writeValueAsString(m);
    }

    private static String reason(String reason, String note) throws Exception {
        return step(reason, note);
    }

    private String recognition(String reason, String note) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("targetType", "APPROVAL");
        m.put("targetId", approvedCase);
        m.put("decision", "REFUSED");
        m.put("reason", reason);
        m.put("note", note);
        return JSON.writeValueAsString(m);
    }

    private String agreement(String id, String material) throws Exception {
        Map<String, Object> member = new LinkedHashMap<>();
        member.put("mspId", DemoAlliance.ZHANGZHOU);
        member.put("regionName", "Zhangzhou");
        member.put("regionCode", "3506");
        member.put("role", "REGION");
        member.put("signingKeys", List.of(service.publicKeyBase64()));
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("code", "PASSPORT-RENEW");
        item.put("title", "Passport renewal");
        item.put("homeRule", "where the applicant is registered");
        item.put("timeLimitDays", 10);
        item.put("materials", List.of("application form", material));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agreementId", id);
        body.put("members", List.of(member));
        body.put("items", List.of(item));
        body.put("holidays", List.of());
        body.put("textHash", "sha256:" + "ef".repeat(32));
        return JSON.writeValueAsString(body);
    }


    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(ResultActions r) throws Exception {
        return Api.json(r.andReturn().getResponse().getContentAsString());
    }
}
