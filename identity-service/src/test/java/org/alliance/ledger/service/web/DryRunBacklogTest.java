package org.alliance.ledger.service.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.alliance.ledger.service.testkit.LedgerOutageTestBase;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.record.CaseStepBody;
import org.alliance.ledger.core.record.CertificateStatus;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.service.cases.CaseLedger;
import org.alliance.ledger.service.outbox.OutboxEntry;
import org.alliance.ledger.service.outbox.OutboxStatus;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.Checks;
import org.alliance.ledger.service.testkit.FlakyLedger;
import org.alliance.ledger.service.testkit.Regions;
import org.junit.jupiter.api.Test;

/**
 * Writes judged by the ledger's dry run after this service's own outbox backlog. With the ledger
 * unreachable for submissions (the worker keeps failing and retrying), a write that follows records
 * still in the outbox is allowed, a second conflicting write is refused with the rule's code
 * although the first is not committed, and the refused write leaves nothing behind. A backlog that
 * the rules themselves refuse answers 503 instead of blaming the new request, until the worker has
 * marked it FAILED.
 */
class DryRunBacklogTest extends LedgerOutageTestBase {
    @Test
    void conflictingWritesAreRefusedAgainstTheUncommittedBacklog() throws Exception {
        String caseId = approvedCase();
        flaky.mode(FlakyLedger.Mode.FAIL_BEFORE);

        String certId = Api.json(api.issueCertificate(Api.pdf("backlog " + caseId), "caseId", caseId, "typeCode", "SIT01")
                .andExpect(status().isCreated())).path("certificateId").asText();
        worker.drain();
        OutboxEntry issue = outbox.find(certId + "/issue").orElseThrow();
        assertThat(issue.status()).as("retrying, not committed").isEqualTo(OutboxStatus.PENDING);
        assertThat(issue.lastError()).contains("ledger unreachable");
        assertThatThrownBy(() -> ledger.certificate(certId)).isInstanceOfSatisfying(RuleException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_CERTIFICATE));

        // The ledger knows the certificate only through the backlog, and the suspension follows it.
        api.post("issuer", "/api/certificates/" + certId + "/suspend", "{\"reason\":\"HOLDER_REQUEST\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.ledger.status").value("PENDING"));
        int written = outbox.all().size();
        // Suspending again conflicts with the first suspension, still uncommitted.
        api.post("issuer", "/api/certificates/" + certId + "/suspend", "{\"reason\":\"LOST\"}", "suspend-again")
                .andExpect(status().isConflict()).andExpect(jsonPath("$.reason").value("WRONG_STATE"));
        // The same certificate id issued twice, the first not yet committed.
        api.issueCertificate(Api.pdf("a second file"), "caseId", caseId, "typeCode", "SIT01", "certificateId", certId)
                .andExpect(status().isConflict()).andExpect(jsonPath("$.reason").value("DUPLICATE_RECORD"));
        // Revoked in the backlog: the id can never be issued again.
        api.post("issuer", "/api/certificates/" + certId + "/revoke", "{\"reason\":\"ISSUED_IN_ERROR\"}")
                .andExpect(status().isOk());
        api.post("issuer", "/api/certificates/" + certId + "/reinstate", "{}")
                .andExpect(status().isConflict()).andExpect(jsonPath("$.reason").value("WRONG_STATE"));
        api.issueCertificate(Api.pdf("a third file"), "caseId", caseId, "typeCode", "SIT01", "certificateId", certId)
                .andExpect(status().isConflict()).andExpect(jsonPath("$.reason").value("WRONG_STATE"));
        assertThat(outbox.all()).as("only the revocation was written").hasSize(written + 1);
        assertThat(jdbc.sql("select count(*) from idempotency where idem_key = 'suspend-again'")
                .query(Long.class).single()).as("a refused write keeps no idempotency entry").isZero();

        // Once the ledger is back, everything acknowledged commits and nothing fails.
        flaky.mode(FlakyLedger.Mode.NORMAL);
        clock.advance(Duration.ofMinutes(10));
        worker.drain();
        assertThat(outbox.withPrefix(certId + "/")).hasSize(3)
                .allSatisfy(e -> assertThat(e.status()).isEqualTo(OutboxStatus.COMMITTED));
        assertThat(ledger.certificate(certId).state().status()).isEqualTo(CertificateStatus.REVOKED);
        assertThat(ledger.certificate(certId).history()).hasSize(3);
    }

    @Test
    void aBacklogTheRulesRefuseAnswers503UntilTheWorkerHasMarkedItFailed() throws Exception {
        // A step of a case the ledger has never seen: the rules will refuse it when it is submitted.
        SignedRecord doomed = service.create("case-nowhere/step-1-doomed0",
                clock.instant().truncatedTo(ChronoUnit.SECONDS), null, new CaseStepBody("case-nowhere",
                        CaseAction.FORWARD, CaseState.RECEIVED, CaseState.FORWARDED, Role.CLERK, List.of()));
        outbox.add(doomed, Role.CLERK);
        int written = outbox.all().size();
        String receive = """
                {"agreementId":"%s","itemCode":"%s","homeOrg":"ChaozhouMSP","subjectRef":"%s","assisted":false}"""
                .formatted(Api.AGREEMENT, DemoAlliance.PENSION_TRANSFER, Api.SUBJECT);
        api.post("clerk", "/api/cases", receive).andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.reason").value("OUTBOX_BACKLOG_REFUSED"));
        assertThat(outbox.all()).hasSize(written);

        worker.drain();
        assertThat(outbox.find(doomed.record().id()).orElseThrow().status()).isEqualTo(OutboxStatus.FAILED);
        api.post("clerk", "/api/cases", receive).andExpect(status().isCreated());
    }

    /**
     * Kiosk checks pile up in the outbox while the ledger is unreachable; a clerk's write is judged
     * after the backlog without them, except the attestation a case names (the write's own or a
     * receive waiting in the backlog), which only the backlog holds and the receive rule must see.
     */
    @Test
    void unrelatedAttestationsInTheBacklogAreLeftOutOfTheDryRun() throws Exception {
        flaky.mode(FlakyLedger.Mode.FAIL_BEFORE);
        List<String> attestations = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String body = mvc.perform(Checks.forNonce(Checks.nonce(mvc)).request()).andExpect(status().isCreated())
                    .andReturn().getResponse().getContentAsString();
            attestations.add(Api.json(body).path("id").asText());
        }
        worker.drain();
        assertThat(attestations).allSatisfy(id -> assertThat(outbox.find(id).orElseThrow().status())
                .as("waiting for the ledger").isEqualTo(OutboxStatus.PENDING));

        String named = attestations.get(1);
        String caseId = Api.json(api.post("clerk", "/api/cases", """
                {"agreementId":"%s","itemCode":"%s","homeOrg":"ChaozhouMSP","attestationId":"%s",
                 "materials":[{"label":"transfer-application","alg":"sha256","hash":"%s"}]}"""
                .formatted(Api.AGREEMENT, DemoAlliance.PENSION_TRANSFER, named, "ef".repeat(32)))
                .andExpect(status().isCreated())).path("caseId").asText();
        assertThat(flaky.lastDryRunBacklog()).as("the receive is judged with the attestation it names")
                .contains(named).doesNotContain(attestations.get(0), attestations.get(2));

        api.post("clerk", "/api/cases/" + caseId + "/forward", "{}").andExpect(status().isOk());
        // The receive waiting in the backlog names the attestation, so it goes first, as the rule
        // that replays the receive must find it; the others still stay out.
        assertThat(flaky.lastDryRunBacklog()).as("a step after a receive still in the backlog")
                .containsSubsequence(named, caseId + "/receive")
                .doesNotContain(attestations.get(0), attestations.get(2));
    }

    /** A case received and forwarded here, approved by Chaozhou, all committed. */
    private String approvedCase() throws Exception {
        String caseId = api.receive(DemoAlliance.PENSION_TRANSFER);
        api.post("clerk", "/api/cases/" + caseId + "/forward", "{}").andExpect(status().isOk());
        worker.drain();
        Regions.submit(ledger, Regions.member(ledgerProperties, service, DemoAlliance.CHAOZHOU), Role.APPROVER,
                caseId + "/chaozhou-approve", ledger.subjectHead(CaseLedger.subject(caseId)).orElseThrow(),
                new CaseStepBody(caseId, CaseAction.APPROVE, CaseState.FORWARDED, CaseState.APPROVED, Role.APPROVER,
                        List.of()), clock);
        return caseId;
    }
}
