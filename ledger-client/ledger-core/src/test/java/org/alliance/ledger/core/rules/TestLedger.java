package org.alliance.ledger.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.alliance.ledger.core.record.PersonalDataScanner;
import org.alliance.ledger.core.record.RecordBody;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.testkit.DemoAlliance;

/**
 * The evidence rules over an in-memory world state, with helpers that build records which
 * continue their subject's chain, submit them at the records' own time, and check refusals.
 */
final class TestLedger {
    final InMemoryWorldState world = new InMemoryWorldState();
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

    /** Asserts that no accepted record carries personal data. */
    void assertNoPersonalData() {
        assertThat(accepted).isNotEmpty();
        for (SignedRecord r : accepted) {
            assertThat(PersonalDataScanner.scan(r)).as(r.record().id()).isEmpty();
        }
    }
}
