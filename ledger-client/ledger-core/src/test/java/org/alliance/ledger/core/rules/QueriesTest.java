package org.alliance.ledger.core.rules;

import static org.alliance.ledger.core.testkit.DemoAlliance.CHAOZHOU;
import static org.alliance.ledger.core.testkit.DemoAlliance.ITEM;
import static org.alliance.ledger.core.testkit.DemoAlliance.SHANTOU;
import static org.alliance.ledger.core.testkit.DemoAlliance.ZHANGZHOU;
import static org.alliance.ledger.core.testkit.DemoAlliance.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.record.RecognitionBody;
import org.alliance.ledger.core.record.RecognitionDecision;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.RecordType;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.TargetType;
import org.alliance.ledger.core.state.Page;
import org.alliance.ledger.core.testkit.DemoAlliance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Index queries, pagination, lookups of unknown ids, and the JSON shape of views. */
class QueriesTest {
    static final Instant T = Instant.parse("2026-11-23T01:00:00Z");
    final DemoAlliance demo = new DemoAlliance(SignatureAlgorithm.ECDSA_P256, HashAlgorithm.SHA256);
    final TestLedger ledger = new TestLedger(demo);

    @BeforeEach
    void someCases() {
        ledger.activateDemoAgreement(T.minus(Duration.ofDays(1)));
        for (int i = 0; i < 3; i++) {
            Instant t = T.plus(Duration.ofHours(4L * i));
            ledger.approvedCase("case-" + i, t);
            ledger.write(caller(SHANTOU, Role.CLERK), "recog-" + i, t.plus(Duration.ofHours(3)), new RecognitionBody(
                    TargetType.APPROVAL, "case-" + i, DemoAlliance.AGREEMENT_ID, ITEM, RecognitionDecision.RECOGNISED, null));
        }
    }

    /** Reads every page, checking that none is larger than asked. */
    static List<RecordRef> all(int pageSize, Function<String, Page<RecordRef>> query) {
        List<RecordRef> out = new ArrayList<>();
        String bookmark = "";
        do {
            Page<RecordRef> p = query.apply(bookmark);
            assertThat(p.items().size()).isLessThanOrEqualTo(pageSize);
            out.addAll(p.items());
            bookmark = p.bookmark();
        } while (!bookmark.isEmpty());
        return out;
    }

    @Test
    void pagesCoverEveryRecordInTimeOrder() {
        EvidenceRules rules = ledger.rules();
        List<RecordRef> byTime = all(2, b -> rules.recordsByTime(null, null, 2, b));
        assertThat(byTime).hasSize(ledger.accepted.size());
        assertThat(byTime).extracting(r -> Instant.parse(r.time())).isSortedAccordingTo(Comparator.naturalOrder());
        assertThat(byTime).extracting(RecordRef::id).doesNotHaveDuplicates();

        List<RecordRef> zz = all(3, b -> rules.recordsByOrg(ZHANGZHOU, null, null, 3, b));
        assertThat(zz).extracting(RecordRef::org).containsOnly(ZHANGZHOU);
        assertThat(zz).extracting(RecordRef::type).contains(RecordType.AGREEMENT, RecordType.CASE, RecordType.CASE_STEP);

        List<RecordRef> item = all(4, b -> rules.recordsByItem(ITEM, null, null, 4, b));
        assertThat(item).hasSize(12).extracting(RecordRef::type)
                .containsOnly(RecordType.CASE, RecordType.CASE_STEP, RecordType.RECOGNITION);
        assertThat(all(5, b -> rules.recordsByOrg(CHAOZHOU, null, null, 5, b)))
                .filteredOn(r -> r.type() == RecordType.CASE_STEP).hasSize(3);
    }

    @Test
    void timeRangesIncludeTheStartAndExcludeTheEnd() {
        EvidenceRules rules = ledger.rules();
        Instant from = T.plus(Duration.ofHours(4));
        Instant to = T.plus(Duration.ofHours(8));
        List<RecordRef> window = all(1, b -> rules.recordsByItem(ITEM, from, to, 1, b));
        // case-1 at +4h is in, its steps and recognition follow, case-2 at +8h is out.
        assertThat(window).extracting(RecordRef::id).containsExactly("case-1", "case-1/1", "case-1/2", "recog-1");
    }

    @Test
    void badPageSizesBookmarksAndRangesAreMalformed() {
        EvidenceRules rules = ledger.rules();
        for (int size : new int[] {0, -1, EvidenceRules.MAX_PAGE_SIZE + 1}) {
            assertCode(ErrorCode.MALFORMED_INPUT, () -> rules.recordsByTime(null, null, size, ""));
            assertCode(ErrorCode.MALFORMED_INPUT, () -> rules.recognitions("case-0", size, ""));
        }
        assertCode(ErrorCode.MALFORMED_INPUT, () -> rules.recordsByOrg(ZHANGZHOU, null, null, 2, "not-a-bookmark"));
        assertCode(ErrorCode.MALFORMED_INPUT, () -> rules.recordsByTime(T, T.minusSeconds(1), 2, ""));
    }

    @Test
    void unknownIdsAreTypedRefusals() {
        EvidenceRules rules = ledger.rules();
        assertCode(ErrorCode.UNKNOWN_CASE, () -> rules.caseTimeline("nope", T));
        assertCode(ErrorCode.UNKNOWN_CERTIFICATE, () -> rules.certificate("SIT01-350600-2026-000000"));
        assertCode(ErrorCode.UNKNOWN_AGREEMENT, () -> rules.agreement("nope"));
        assertCode(ErrorCode.UNKNOWN_RECORD, () -> rules.inclusionProof("nope"));
        assertThat(rules.record("nope")).isEmpty();
        assertThat(rules.batch("nope")).isEmpty();
        assertThat(rules.subjectHead("case/nope")).isEmpty();
        assertThat(rules.recognitions("nope", 10, "").items()).isEmpty();
    }

    @Test
    void viewsRoundTripThroughCanonicalJson() {
        EvidenceRules rules = ledger.rules();
        StoredRecord stored = rules.record("case-0/1").orElseThrow();
        BatchInfo batch = rules.batch(stored.batchId()).orElseThrow();
        CaseTimeline timeline = rules.caseTimeline("case-0", T);
        Page<RecordRef> page = rules.recordsByTime(null, null, 3, "");
        Page<RecognitionView> recognitions = rules.recognitions("case-1", 10, "");
        for (Object view : List.of(stored, batch, timeline, rules.agreement(DemoAlliance.AGREEMENT_ID))) {
            assertThat(RecordCodec.fromJson(RecordCodec.toCanonicalJson(view), view.getClass())).isEqualTo(view);
        }
        assertThat(RecordCodec.pageFromJson(RecordCodec.toCanonicalJson(page), RecordRef.class)).isEqualTo(page);
        assertThat(RecordCodec.pageFromJson(RecordCodec.toCanonicalJson(recognitions), RecognitionView.class))
                .isEqualTo(recognitions);
        assertThat(new String(RecordCodec.toCanonicalJson(page), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"bookmark\"").doesNotContain("hasMore");
    }

    static void assertCode(ErrorCode code, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
