package org.alliance.ledger.core.rules;

import static org.alliance.ledger.core.testkit.DemoAlliance.AUDIT;
import static org.alliance.ledger.core.testkit.DemoAlliance.CHAOZHOU;
import static org.alliance.ledger.core.testkit.DemoAlliance.ZHANGZHOU;
import static org.alliance.ledger.core.testkit.DemoAlliance.caller;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.record.CaseStepBody;
import org.alliance.ledger.core.record.IdentityAttestationBody;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.RecordType;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.testkit.DemoAlliance;
import org.junit.jupiter.api.Test;

/** The checks every record passes before its type's rules: org, signature, key, clock, chain, limits, personal data. */
class EnvelopeRulesTest extends ActiveDemoLedger {
    EnvelopeRulesTest() {
        super(SignatureAlgorithm.ECDSA_P256, HashAlgorithm.SHA256);
    }



    IdentityAttestationBody attestation(String deviceId) {
        return DemoCaseTest.acceptedAttestation(demo).withDeviceId(deviceId);
    }

    @Test
    void theRecordOrgMustBeTheCallersOrg() {
        SignedRecord r = ledger.next(ZHANGZHOU, "att-1", T, attestation("kiosk-1"));
        ledger.refused(ErrorCode.WRONG_ORG, caller(CHAOZHOU, Role.SERVICE), r);
    }

    @Test
    void aSignatureOverOtherContentIsRefused() {
        SignedRecord a = ledger.next(ZHANGZHOU, "att-1", T, attestation("kiosk-1"));
        SignedRecord b = ledger.next(ZHANGZHOU, "att-1", T, attestation("kiosk-2"));
        ledger.refused(ErrorCode.BAD_SIGNATURE, caller(ZHANGZHOU, Role.SERVICE), new SignedRecord(a.record(), b.signature()));
    }

    @Test
    void aKeyTheOrgDidNotRegisterIsRefused() {
        RecordFactory rogue = new DemoAlliance(SignatureAlgorithm.ECDSA_P256, HashAlgorithm.SHA256).factory(ZHANGZHOU);
        ledger.refused(ErrorCode.UNKNOWN_SIGNING_KEY, caller(ZHANGZHOU, Role.SERVICE),
                rogue.create("att-1", T, null, attestation("kiosk-1")));
    }

    @Test
    void orgsOutsideEveryAgreementCannotWrite() {
        RecordFactory xiamen = demo.addOrg("XiamenMSP");
        ledger.refused(ErrorCode.NOT_A_MEMBER, caller("XiamenMSP", Role.SERVICE),
                xiamen.create("att-1", T, null, attestation("kiosk-1")));
    }

    @Test
    void personalDataIsRefused() {
        ledger.refused(ErrorCode.PERSONAL_DATA, caller(ZHANGZHOU, Role.SERVICE),
                ledger.next(ZHANGZHOU, "att-1", T, attestation("kiosk-" + DemoAlliance.ID_NUMBER)));
        ledger.refused(ErrorCode.PERSONAL_DATA, caller(ZHANGZHOU, Role.CLERK), ledger.next(ZHANGZHOU, "case-1", T,
                new CaseBody("case-1", DemoAlliance.AGREEMENT_ID, DemoAlliance.ITEM, ZHANGZHOU, CHAOZHOU,
                        DemoAlliance.subjectRef(), null, List.of(demo.doc("id-" + DemoAlliance.ID_NUMBER)), false)));
    }

    @Test
    void recordsAheadOfTheTransactionOrOlderThanTheSubmitDelayAreRefused() {
        SignedRecord r = ledger.next(ZHANGZHOU, "att-1", T, attestation("kiosk-1"));
        List<SignedRecord> batch = List.of(r);
        // Transaction 11 minutes before the record: the record claims a time in the future.
        // Transaction 7 days and a minute after it: older than any outbox may hold a record.
        for (Instant txTime : List.of(T.minus(Duration.ofMinutes(11)),
                T.plus(RulesConfig.DEFAULT_MAX_SUBMIT_DELAY).plus(Duration.ofMinutes(1)))) {
            ledger.refused(ErrorCode.BAD_TIME, ws -> new EvidenceRules(ws, ledger.config)
                    .submit(caller(ZHANGZHOU, Role.SERVICE), batch), txTime);
        }
        ledger.world.transact(T.minus(Duration.ofMinutes(9)),
                ws -> new EvidenceRules(ws, ledger.config).submit(caller(ZHANGZHOU, Role.SERVICE), batch));
        assertThat(ledger.rules().record("att-1")).isPresent();
    }

    @Test
    void aRecordHeldInAnOutboxThroughAnOutageIsStillAccepted() {
        SignedRecord r = ledger.next(ZHANGZHOU, "att-1", T, attestation("kiosk-1"));
        ledger.world.transact(T.plus(Duration.ofHours(30)),
                ws -> new EvidenceRules(ws, ledger.config).submit(caller(ZHANGZHOU, Role.SERVICE), List.of(r)));
        assertThat(ledger.rules().record("att-1")).isPresent();
    }

    @Test
    void resubmittingIdenticalContentIsANoOpThatReportsTheOriginalLocation() {
        SignedRecord r = ledger.next(ZHANGZHOU, "att-1", T, attestation("kiosk-1"));
        BatchReceipt first = ledger.submit(caller(ZHANGZHOU, Role.SERVICE), r);
        Map<String, String> before = ledger.world.snapshot();
        // Re-signed (ECDSA signatures differ each time) but the same record content, days later.
        SignedRecord again = demo.factory(ZHANGZHOU).sign(r.record());
        assertThat(again.signature()).isNotEqualTo(r.signature());
        BatchReceipt second = ledger.world.transact(T.plus(Duration.ofDays(2)),
                ws -> new EvidenceRules(ws, ledger.config).submit(caller(ZHANGZHOU, Role.SERVICE), List.of(again)));
        assertThat(second.wroteNothing()).isTrue();
        assertThat(second.records()).singleElement().satisfies(e -> {
            assertThat(e.duplicate()).isTrue();
            assertThat(e.batchId()).isEqualTo(first.batchId());
            assertThat(e.leafIndex()).isZero();
        });
        assertThat(ledger.world.snapshot()).isEqualTo(before);
    }

    @Test
    void aNewRecordAlongsideADuplicateIsWrittenAtLeafZero() {
        SignedRecord r = ledger.next(ZHANGZHOU, "att-1", T, attestation("kiosk-1"));
        BatchReceipt first = ledger.submit(caller(ZHANGZHOU, Role.SERVICE), r);
        SignedRecord fresh = ledger.next(ZHANGZHOU, "att-2", T, attestation("kiosk-1"));
        BatchReceipt second = ledger.submit(caller(ZHANGZHOU, Role.SERVICE), r, fresh);
        assertThat(second.records()).extracting(BatchReceipt.Entry::duplicate).containsExactly(true, false);
        assertThat(second.records().get(0).batchId()).isEqualTo(first.batchId());
        assertThat(second.records().get(1).batchId()).isEqualTo(second.batchId()).isNotEqualTo(first.batchId());
        assertThat(second.records().get(1).leafIndex()).isZero();
    }

    @Test
    void theSameIdWithOtherContentIsADuplicate() {
        ledger.write(caller(ZHANGZHOU, Role.SERVICE), "att-1", T, attestation("kiosk-1"));
        ledger.refused(ErrorCode.DUPLICATE_RECORD, caller(ZHANGZHOU, Role.SERVICE),
                ledger.next(ZHANGZHOU, "att-1", T, attestation("kiosk-2")));
    }

    @Test
    void prevMustNameTheSubjectsLatestRecord() {
        SignedRecord kase = ledger.receive("case-1", T);
        SignedRecord forward = ledger.step("case-1", CaseAction.FORWARD, T.plusSeconds(60));
        CaseStepBody approve = ledger.stepBody("case-1", CaseAction.APPROVE, Role.APPROVER);
        RecordFactory cz = demo.factory(CHAOZHOU);
        Caller approver = caller(CHAOZHOU, Role.APPROVER);
        Instant t = T.plusSeconds(120);
        ledger.refused(ErrorCode.PREV_MISMATCH, approver, cz.create("case-1/2", t, null, approve));
        ledger.refused(ErrorCode.PREV_MISMATCH, approver, cz.createAfter("case-1/2", t, kase, approve));
        ledger.submit(approver, cz.createAfter("case-1/2", t, forward, approve));
        ledger.refused(ErrorCode.PREV_MISMATCH, caller(ZHANGZHOU, Role.SERVICE),
                demo.factory(ZHANGZHOU).createAfter("att-9", T, kase, attestation("kiosk-1")));
    }

    @Test
    void aBatchCanBuildOnItsOwnEarlierRecords() {
        RecordFactory zz = demo.factory(ZHANGZHOU);
        SignedRecord kase = zz.create("case-1", T, null, new CaseBody("case-1", DemoAlliance.AGREEMENT_ID,
                DemoAlliance.ITEM, ZHANGZHOU, CHAOZHOU, DemoAlliance.subjectRef(), null, List.of(), true));
        SignedRecord forward = zz.createAfter("case-1/1", T.plusSeconds(5), kase, new CaseStepBody("case-1",
                CaseAction.FORWARD, CaseState.RECEIVED, CaseState.FORWARDED, Role.CLERK, List.of()));
        byte[] wire = RecordCodec.toCanonicalJson(List.of(kase, forward));
        BatchReceipt receipt = ledger.submit(caller(ZHANGZHOU, Role.CLERK), RecordCodec.parseBatch(wire));
        assertThat(receipt.records()).extracting(BatchReceipt.Entry::leafIndex).containsExactly(0, 1);
        assertThat(ledger.rules().caseTimeline("case-1", T).status().state()).isEqualTo(CaseState.FORWARDED);
        assertThat(ledger.world.events()).last().satisfies(e ->
                assertThat(RecordCodec.fromJson(e.payload(), BatchReceipt.class)).isEqualTo(receipt));
    }

    @Test
    void oneBadRecordRefusesTheWholeBatchAndChangesNothing() {
        SignedRecord good = ledger.next(ZHANGZHOU, "att-1", T, attestation("kiosk-1"));
        SignedRecord bad = ledger.next(ZHANGZHOU, "att-2", T, attestation("kiosk-" + DemoAlliance.ID_NUMBER));
        ledger.refused(ErrorCode.PERSONAL_DATA, caller(ZHANGZHOU, Role.SERVICE), good, bad);
        assertThat(ledger.rules().record("att-1")).isEmpty();
    }

    @Test
    void auditorsNeverWrite() {
        SignedRecord r = ledger.next(ZHANGZHOU, "att-1", T, attestation("kiosk-1"));
        ledger.refused(ErrorCode.READ_ONLY, caller(ZHANGZHOU, Role.AUDITOR), r);
        ledger.refused(ErrorCode.READ_ONLY, caller(AUDIT, Role.SERVICE),
                ledger.next(AUDIT, "att-2", T, attestation("kiosk-1")));
    }

    @Test
    void batchShapeIsChecked() {
        SignedRecord r = ledger.next(ZHANGZHOU, "att-1", T, attestation("kiosk-1"));
        Caller service = caller(ZHANGZHOU, Role.SERVICE);
        ledger.refused(ErrorCode.MALFORMED_INPUT, ws -> new EvidenceRules(ws, ledger.config)
                .submit(service, List.of(r), RecordType.CASE), T);
        ledger.refused(ErrorCode.MALFORMED_INPUT, ws -> new EvidenceRules(ws, ledger.config)
                .submit(service, List.of()), T);
        ledger.refused(ErrorCode.VALUE_TOO_LARGE, ws -> new EvidenceRules(ws, ledger.config)
                .submit(service, Collections.nCopies(RecordCodec.MAX_BATCH_RECORDS + 1, r)), T);
        RecordFactory sm3 = new RecordFactory(ZHANGZHOU, HashAlgorithm.SM3, demo.keyPair(ZHANGZHOU));
        ledger.refused(ErrorCode.MALFORMED_INPUT, service, r, sm3.create("att-2", T, null, attestation("kiosk-1")));
        // Over 60 bytes per reason code, a full list of them per record: enough records exceed the batch's byte limit.
        IdentityAttestationBody a = attestation("kiosk-1");
        IdentityAttestationBody wordy = new IdentityAttestationBody(a.subjectRef(), a.method(), a.liveness(),
                a.similarity(), a.model(), a.threshold(), a.falseMatchRate(), a.decision(),
                Collections.nCopies(RecordCodec.MAX_ARRAY_ENTRIES, "R".repeat(60)), a.deviceId());
        List<SignedRecord> big = new java.util.ArrayList<>();
        for (int i = 0; i <= RecordCodec.MAX_INPUT_BYTES / (RecordCodec.MAX_ARRAY_ENTRIES * 60); i++) {
            big.add(ledger.next(ZHANGZHOU, "att-big-" + i, T, wordy));
        }
        ledger.refused(ErrorCode.VALUE_TOO_LARGE, ws -> new EvidenceRules(ws, ledger.config).submit(service, big), T);
    }

    @Test
    void attestationsNeedTheServiceOrClerkRole() {
        ledger.refused(ErrorCode.WRONG_ROLE, caller(ZHANGZHOU, Role.APPROVER),
                ledger.next(ZHANGZHOU, "att-1", T, attestation("kiosk-1")));
        ledger.write(caller(ZHANGZHOU, Role.CLERK), "att-1", T, attestation("kiosk-1"));
    }
}
