package org.alliance.ledger.service.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.service.identity.check.IdentityCheckService;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.Attestations;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A clerk files with what a clerk has: the applicant's kiosk identity check (its attestation id,
 * which the kiosk's QR code carries) or the ID card itself. The service derives the subject
 * reference from the number as the kiosk would, and the number is kept nowhere. An ID number that
 * is not one, a check of another person, one from more than a day before, or one that does not
 * exist opens no case.
 */
class ReceiveByIdCardTest extends ServiceTestBase {
    private static final String ID_NUMBER = "11010519491231002X";
    private static final String OTHER_ID_NUMBER = "440507197707073226";
    private static final String FILING = """
            {"agreementId":"agr-demo-alliance","itemCode":"SOCIAL-INS-TRANSFER","homeOrg":"ChaozhouMSP",%s
             "materials":[{"label":"transfer-application","alg":"sha256","hash":"%s"}]}""";

    @Autowired
    private IdentityCheckService identity;

    @Test
    void theServiceDerivesTheSubjectFromTheIdCardAndKeepsTheNumberNowhere() throws Exception {
        String body = api.post("clerk", "/api/cases", filing("\"idNumber\":\" " + ID_NUMBER.toLowerCase() + " \","))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        String caseId = Api.json(body).path("caseId").asText();
        SignedRecord record = outbox.find(caseId + "/receive").orElseThrow().signedRecord();
        assertThat(((CaseBody) record.record().body()).subjectRef()).isEqualTo(identity.subjectReference(ID_NUMBER));
        // Not in the answer, the record, or any table of the service's database.
        assertThat(body).doesNotContain(ID_NUMBER).doesNotContain(ID_NUMBER.toLowerCase());
        assertThat(new String(org.alliance.ledger.core.record.RecordCodec.toCanonicalJson(record), StandardCharsets.UTF_8))
                .doesNotContain(ID_NUMBER);
        String dump = jdbc.sql("SCRIPT").query(String.class).list().toString();
        assertThat(dump).doesNotContainIgnoringCase(ID_NUMBER);
    }

    @Test
    void theKioskCheckAloneOrWithTheSamePersonsCardOpensTheCase() throws Exception {
        String attestation = attestation(ID_NUMBER, clock.instant());
        api.post("clerk", "/api/cases", filing("\"attestationId\":\"" + attestation + "\",")).andExpect(status().isCreated());
        api.post("clerk", "/api/cases", filing("\"attestationId\":\"" + attestation + "\",\"idNumber\":\"" + ID_NUMBER
                + "\",")).andExpect(status().isCreated());
    }

    @Test
    void aBadNumberAnotherPersonsCheckAnExpiredOrUnknownCheckOpenNoCase() throws Exception {
        String attestation = attestation(ID_NUMBER, clock.instant());
        int before = outbox.all().size();
        api.post("clerk", "/api/cases", filing("\"idNumber\":\"110105194912310021\","))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.reason").value("BAD_CHECK_DIGIT"))
                .andExpect(jsonPath("$.field").value("idNumber"));
        api.post("clerk", "/api/cases", filing("\"idNumber\":\"" + ID_NUMBER + "\",\"subjectRef\":\"" + Api.SUBJECT + "\","))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.reason").value("BAD_FIELD"));
        api.post("clerk", "/api/cases", filing("\"attestationId\":\"" + attestation + "\",\"idNumber\":\""
                + OTHER_ID_NUMBER + "\",")).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.reason").value("ATTESTATION_OF_ANOTHER_PERSON"));
        api.post("clerk", "/api/cases", filing("\"attestationId\":\"att-no-such-check\","))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.reason").value("UNKNOWN_RECORD"));
        String old = attestation(ID_NUMBER, clock.instant().minus(Duration.ofHours(25)));
        api.post("clerk", "/api/cases", filing("\"attestationId\":\"" + old + "\","))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.reason").value("ATTESTATION_EXPIRED"))
                .andExpect(jsonPath("$.cause").value(org.hamcrest.Matchers.containsString(old)));
        assertThat(outbox.all()).hasSize(before);
    }

    private String filing(String applicant) {
        return FILING.formatted(applicant, "cd".repeat(32));
    }

    /** An accepted kiosk check of this person, recorded by this service at a time. */
    private String attestation(String idNumber, Instant time) throws Exception {
        return Attestations.accepted(ledger, service, identity, idNumber, time);
    }
}
