package org.alliance.ledger.core.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.alliance.ledger.core.subject.IdNumbers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ways personal data was seen to get past the scanner (full-width digits, separators, names
 * in sentences, ID numbers inside labels), their variants as properties, and the values the
 * ledger really holds, which must never be flagged.
 */
class PersonalDataScannerBypassTest {
    private static final String[] PROVINCES = {"11", "35", "44", "45", "51", "65"};
    private static final String SEPARATORS = " -./_·、";

    private static List<PersonalDataScanner.Finding> scan(String field, String value) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.putObject("body").put(field, value);
        return PersonalDataScanner.scan(n);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "idcard:440507-19770707-3226",
        "350602-19850315-7774",
        "身份证４４０５０７１９７７０７０７３２２６",
        "４４０５０７－１９７７０７０７－３２２６",
        "4405 0719 7707 0732 26",
        "440507.19770707.3226",
        "440507/19770707/3226",
        "440507_19770707_3226",
        "４４０５０７　１９７７０７０７　３２２６",
        "１１０１０５１９４９１２３１００２ｘ",
        "legacy 350602-850315-777",
        "３５０６０２８５０３１５７７７",
    })
    void idNumbersWithSeparatorsOrFullWidthDigitsAreFound(String value) {
        assertThat(scan("label", value)).extracting(PersonalDataScanner.Finding::kind).first().asString()
                .contains("ID number");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "持证人李自由因证件遗失申请挂失",
        "持证人：李自由…挂失",
        "申请人 王 小明 提交材料",
        "姓名为欧阳娜娜",
        "请联系张先生",
        "陈建国女士来电",
        "户主刘德",
    })
    void namesInSentencesAreFound(String value) {
        assertThat(scan("title", value)).extracting(PersonalDataScanner.Finding::kind)
                .containsExactly("what looks like a personal name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Holder Mr Li reported it lost", "call Ms. Wang"})
    void englishFormsOfAddressBeforeANameAreFound(String value) {
        assertThat(scan("homeRule", value)).extracting(PersonalDataScanner.Finding::kind)
                .containsExactly("what looks like a personal name");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "企业设立登记", "申请人身份证", "基本养老保险关系转移", "参保人所在地", "持证人户籍所在地",
        "where the insured was last insured", "ID of legal representative", "转移申请表",
    })
    void catalogueWordingPasses(String value) {
        assertThat(scan("title", value)).isEmpty();
    }

    @Property(tries = 300)
    void anIdNumberIsFoundHoweverItIsWritten(@ForAll("idNumbers") String id, @ForAll("layouts") Layout layout) {
        String written = layout.write(id);
        assertThat(scan("label", "x:" + written + " y")).as(written).isNotEmpty();
    }

    @Property(tries = 300)
    void aLegacyIdNumberWrittenInGroupsIsFound(@ForAll("legacyIdNumbers") String id,
            @ForAll("layouts") Layout layout) {
        String written = layout.write(id);
        assertThat(scan("deviceId", written)).as(written).isNotEmpty();
    }

    @Property(tries = 2000)
    void idsTimesAndDigestsTheLedgerHoldsAreNeverFlagged(@ForAll("ledgerValues") String value) {
        assertThat(scan("value", value)).as(value).isEmpty();
    }

    /** How a person might write a number: split into groups, separators, full-width digits. */
    record Layout(List<Integer> cuts, char separator, boolean fullWidth, int repeat) {
        String write(String id) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < id.length(); i++) {
                if (cuts.contains(i)) {
                    out.append(String.valueOf(separator).repeat(repeat));
                }
                char c = id.charAt(i);
                out.append(fullWidth && c >= '0' && c <= '9' ? (char) ('０' + (c - '0')) : c);
            }
            return out.toString();
        }
    }

    @Provide
    Arbitrary<Layout> layouts() {
        return Combinators.combine(
                Arbitraries.integers().between(1, 14).set().ofMaxSize(4).map(s -> List.copyOf(new ArrayList<>(s))),
                Arbitraries.of(SEPARATORS.chars().mapToObj(c -> (char) c).toList()),
                Arbitraries.of(true, false),
                Arbitraries.integers().between(1, 3)).as(Layout::new);
    }

    @Provide
    Arbitrary<String> idNumbers() {
        return Combinators.combine(Arbitraries.of(PROVINCES), Arbitraries.integers().between(0, 9999),
                birthDates(1900), Arbitraries.integers().between(0, 999)).as((p, region, birth, seq) -> {
                    String first17 = p + "%04d".formatted(region) + birth.toString().replace("-", "")
                            + "%03d".formatted(seq);
                    return first17 + IdNumbers.checkCharacter(first17);
                });
    }

    @Provide
    Arbitrary<String> legacyIdNumbers() {
        return Combinators.combine(Arbitraries.of(PROVINCES), Arbitraries.integers().between(0, 9999),
                birthDates(1900).filter(d -> d.getYear() < 2000), Arbitraries.integers().between(0, 999))
                .as((p, region, birth, seq) -> p + "%04d".formatted(region)
                        + birth.toString().replace("-", "").substring(2) + "%03d".formatted(seq));
    }

    private static Arbitrary<LocalDate> birthDates(int fromYear) {
        return Arbitraries.longs().between(LocalDate.of(fromYear, 1, 1).toEpochDay(), LocalDate.of(2025, 12, 31).toEpochDay())
                .map(LocalDate::ofEpochDay);
    }

    @Provide
    Arbitrary<String> ledgerValues() {
        Arbitrary<String> caseIds = Arbitraries.randomValue(r -> "case-" + new UUID(r.nextLong(), r.nextLong()));
        Arbitrary<String> stepIds = Combinators.combine(caseIds, Arbitraries.integers().between(0, 20),
                Arbitraries.randomValue(r -> new UUID(r.nextLong(), r.nextLong()).toString().substring(0, 8)))
                .as((c, n, u) -> c + "/step-" + n + "-" + u);
        Arbitrary<String> times = Arbitraries.longs().between(0, 4_102_444_800L)
                .flatMap(sec -> Arbitraries.integers().between(0, 999_999_999)
                        .map(nanos -> Instant.ofEpochSecond(sec, nanos).toString()));
        Arbitrary<String> certIds = Combinators.combine(Arbitraries.of("SIT01", "BIZ", "PERMIT9", "EQ"),
                Arbitraries.of("350600", "445100", "440500", "350602"), Arbitraries.integers().between(2000, 2099),
                Arbitraries.integers().between(1, 999_999))
                .as((t, r, y, n) -> t + "-" + r + "-" + y + "-" + "%06d".formatted(n));
        Arbitrary<String> digests = Arbitraries.strings().withChars("0123456789abcdef").ofLength(64)
                .map(h -> "sha256:" + h);
        return Arbitraries.oneOf(caseIds, stepIds, times, certIds, digests);
    }

    @Property(tries = 50)
    void aValidIdNumberInsideAnyCaseStaysFound(@ForAll @IntRange(min = 0, max = 20) int pad,
            @ForAll @LongRange(min = 0, max = 99) long seq) {
        String id = "44050719770707" + "%02d".formatted(seq) + "2";
        String full = id + IdNumbers.checkCharacter(id);
        assertThat(scan("label", "a".repeat(pad) + full.toLowerCase())).isNotEmpty();
    }
}
