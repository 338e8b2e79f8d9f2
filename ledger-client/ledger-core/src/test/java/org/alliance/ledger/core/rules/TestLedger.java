package org.alliance.ledger.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.record.CaseStepBody;
import org.alliance.ledger.core.record.CertificateAction;
import org.alliance.ledger.core.record.CertificateBody;
import org.alliance.ledger.core.record.PersonalDataScanner;
import org.alliance.ledger.core.record.RecordBody;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.testkit.DemoAlliance;
import org.alliance.ledger.core.state.MemoryWorldState;

/**
 * The evidence rules over an in-memory world state, with helpers that build records which
 * continue their subject's chain, submit them at the records' own time, and check refusals.
 */
final class TestLedger {
    /** Every value a test flow stores is checked, not only what the rules scan on input. */
    final MemoryWorldState world = new MemoryWorldState((key, value) ->
            assertThat(PersonalDataScanner.scanStored(value)).as("personal data in the value of %s", key).isEmpty());
    final DemoAlliance demo;
    final RulesConfig config;
    /** Every record the ledger accepted, for the personal-data sweep. */
    final List<SignedRecord> accepted = new ArrayList<>();

    TestLedger(DemoAlliance demo) {
        this(demo, RulesConfig.defaults());
    }

    TestLedger(DemoAlliance demo, RulesConfig config) {
        this.demo = demo;
        this.config = config;
    }

    /** Queries against the committed state. */
    EvidenceRules rules() {
        return new EvidenceRules(world.reader(Instant.EPOCH), config);
    }

    /** Builds a record of {@code org} that follows its subject's latest committed record. */
    SignedRecord next(String org, String id, Instant time, RecordBody body) {
        RecordFactory f = demo.factory(org);
        String subject = body.recordType().subjectKind() + "/" + body.subjectId(id, org);
        return f.create(id, time, rules().subjectHead(subject).orElse(null), body);
    }

    BatchReceipt submit(Caller caller, SignedRecord... records) {
        return submit(caller, List.of(records));
    }

    /** Submits at the latest record time, so the clock check passes. */
    BatchReceipt submit(Caller caller, List<SignedRecord> records) {
        Instant t = records.stream().map(r -> r.record().instant()).max(Comparator.naturalOrder()).orElseThrow();
        BatchReceipt receipt = world.transact(t, ws -> new EvidenceRules(ws, config).submit(caller, records));
        accepted.addAll(records);
        return receipt;
    }

    /** Builds, submits and returns one record. */
    SignedRecord write(Caller caller, String id, Instant time, RecordBody body) {
        SignedRecord r = next(caller.mspId(), id, time, body);
        submit(caller, r);
        return r;
    }

    /** Asserts that the batch is refused with {@code code} and that the state is unchanged. */
    void refused(ErrorCode code, Caller caller, SignedRecord... records) {
        refused(code, ws -> new EvidenceRules(ws, config).submit(caller, List.of(records)),
                records[records.length - 1].record().instant());
    }

    /** Asserts that a transaction is refused with {@code code} and that the state is unchanged. */
    void refused(ErrorCode code, Function<org.alliance.ledger.core.state.WorldState, ?> tx, Instant txTime) {
        Map<String, String> before = world.snapshot();
        assertThatThrownBy(() -> world.transact(txTime, tx))
                .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
        assertThat(world.snapshot()).isEqualTo(before);
    }

    /** Proposes and signs the demo agreement, making it active. */
    void activateDemoAgreement(Instant time) {
        for (SignedRecord r : demo.agreementRecords(demo.terms(), time)) {
            submit(DemoAlliance.caller(r.record().org(), Role.ADMIN), r);
        }
    }

    /** A step body for a case's current state. */
    CaseStepBody stepBody(String caseId, CaseAction action, Role role) {
        CaseState from = rules().caseTimeline(caseId, Instant.EPOCH).status().state();
        return new CaseStepBody(caseId, action, from, action.to(), role, List.of());
    }

    /** Receives a case of the demo item at Zhangzhou for Chaozhou. */
    SignedRecord receive(String caseId, Instant time) {
        return write(DemoAlliance.caller(DemoAlliance.ZHANGZHOU, Role.CLERK), caseId, time, new CaseBody(caseId,
                DemoAlliance.AGREEMENT_ID, DemoAlliance.ITEM, DemoAlliance.ZHANGZHOU, DemoAlliance.CHAOZHOU,
                DemoAlliance.subjectRef(), null, List.of(demo.doc("transfer-application")), false));
    }

    /** Performs a step as its owning org and role. */
    SignedRecord step(String caseId, CaseAction action, Instant time) {
        CaseStatus status = rules().caseTimeline(caseId, time).status();
        Caller caller = DemoAlliance.caller(status.orgOf(action.owner()), action.role());
        return write(caller, caseId + "/" + status.stepCount(), time, stepBody(caseId, action, action.role()));
    }

    /** Receives, forwards and approves a case, an hour apart from {@code time}. */
    void approvedCase(String caseId, Instant time) {
        receive(caseId, time);
        step(caseId, CaseAction.FORWARD, time.plusSeconds(3600));
        step(caseId, CaseAction.APPROVE, time.plusSeconds(7200));
    }

    /** The body that issues a certificate for a case of the demo subject. */
    CertificateBody issueBody(String certificateId, String caseId) {
        return new CertificateBody(CertificateAction.ISSUE, certificateId, certificateId.substring(0, certificateId.indexOf('-')),
                caseId, DemoAlliance.subjectRef(), demo.doc("certificate-file"), "2026-11-26", "2031-11-25", null);
    }

    /** A status change body. */
    static CertificateBody statusBody(CertificateAction action, String certificateId, String reason) {
        return new CertificateBody(action, certificateId, null, null, null, null, null, null, reason);
    }

    /** Asserts that no accepted record carries personal data. */
    void assertNoPersonalData() {
        assertThat(accepted).isNotEmpty();
        for (SignedRecord r : accepted) {
            assertThat(PersonalDataScanner.scan(r)).as(r.record().id()).isEmpty();
        }
    }
}
