package org.alliance.ledger.service.identity.idcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.alliance.ledger.service.identity.idcard.IdCardRejectedException.Reason;
import org.alliance.ledger.service.testkit.Checks;
import org.alliance.ledger.service.testkit.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ID card validation: each refusal with its reason, and what is accepted. */
class IdCardValidatorTest {
    /** 2026-06-15 in Shanghai. */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-15T04:00:00Z"));
    private final IdCardValidator validator = new IdCardValidator(clock, new NameNormaliser(20));

    @Test
    void acceptsAValidCardAndNormalises() throws Exception {
        String id = Checks.withCheck("44510219800101001");
        IdCard card = validator.validate(" " + id.toLowerCase() + " ", "  张三 ", "2020-01-01", "2030-01-01");
        assertThat(card.idNumber()).isEqualTo(id);
        assertThat(card.name()).isEqualTo("张三");
        assertThat(card.validTo()).isEqualTo(LocalDate.of(2030, 1, 1));
        assertThat(card.toString()).doesNotContain(id).doesNotContain("张三");
    }

    @Test
    void acceptsALowerCaseXCheckCharacter() throws Exception {
        // 11010519491231002X is the standard's own example.
        assertThat(validator.validate("11010519491231002x", "李四", "2020-01-01", "长期").idNumber())
                .isEqualTo("11010519491231002X");
    }

    @Test
    void longTermCardHasNoEnd() throws Exception {
        assertThat(validator.validate(Checks.ID_NUMBER, "王五", "2000-01-01", "长期").longTerm()).isTrue();
        assertThat(validator.validate(Checks.ID_NUMBER, "王五", "2000-01-01", "LONG-TERM").longTerm()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "3506221990010112, BAD_ID_FORMAT",
            "35062219900101123A, BAD_ID_FORMAT",
            "35062219900101123X0, BAD_ID_FORMAT"})
    void refusesMalformedNumbers(String id, Reason reason) {
        assertRefused(id, "2020-01-01", "2030-01-01", reason);
    }

    @Test
    void refusesAWrongCheckCharacter() {
        String id = Checks.ID_NUMBER;
        char wrong = id.charAt(17) == '1' ? '2' : '1';
        assertRefused(id.substring(0, 17) + wrong, "2020-01-01", "2030-01-01", Reason.BAD_CHECK_DIGIT);
    }

    @Test
    void refusesAnUnknownProvince() {
        assertRefused(Checks.withCheck("99062219900101123"), "2020-01-01", "2030-01-01", Reason.UNKNOWN_REGION);
        assertRefused(Checks.withCheck("20062219900101123"), "2020-01-01", "2030-01-01", Reason.UNKNOWN_REGION);
    }

    @Test
    void refusesImpossibleAndFutureBirthDates() {
        assertRefused(Checks.withCheck("35062219900230123"), "2020-01-01", "2030-01-01", Reason.BAD_BIRTH_DATE);
        assertRefused(Checks.withCheck("35062220260616123"), "2020-01-01", "2030-01-01", Reason.BAD_BIRTH_DATE);
    }

    @Test
    void birthTodayIsAccepted() throws Exception {
        assertThat(validator.validate(Checks.withCheck("35062220260615123"), "赵六", "2026-06-15", "2031-06-15"))
                .isNotNull();
    }

    @Test
    void refusesExpiredNotYetValidAndInvertedPeriods() {
        assertRefused(Checks.ID_NUMBER, "2016-01-01", "2026-06-14", Reason.CARD_EXPIRED);
        assertRefused(Checks.ID_NUMBER, "2026-06-16", "2036-06-16", Reason.CARD_NOT_YET_VALID);
        assertRefused(Checks.ID_NUMBER, "2030-01-01", "2020-01-01", Reason.BAD_VALIDITY_PERIOD);
        assertRefused(Checks.ID_NUMBER, "2020/01/01", "2030-01-01", Reason.BAD_DATE);
        assertRefused(Checks.ID_NUMBER, "2020-01-01", "never", Reason.BAD_DATE);
    }

    @Test
    void lastDayOfValidityCountsInShanghaiTime() throws Exception {
        // 2026-06-14T17:00Z is already 2026-06-15 01:00 in Shanghai: a card ending on the 14th has expired.
        clock.set(Instant.parse("2026-06-14T17:00:00Z"));
        assertRefused(Checks.ID_NUMBER, "2016-01-01", "2026-06-14", Reason.CARD_EXPIRED);
        assertThat(validator.validate(Checks.ID_NUMBER, "张三", "2016-01-01", "2026-06-15")).isNotNull();
    }

    @Test
    void refusalsNeverEchoTheNumber() {
        String id = Checks.ID_NUMBER.substring(0, 17) + (Checks.ID_NUMBER.charAt(17) == '1' ? '2' : '1');
        assertThatThrownBy(() -> validator.validate(id, "张三", "2020-01-01", "2030-01-01"))
                .hasMessageNotContaining(id.substring(0, 17));
    }

    private void assertRefused(String id, String from, String to, Reason reason) {
        assertThatThrownBy(() -> validator.validate(id, "张三", from, to))
                .isInstanceOfSatisfying(IdCardRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
