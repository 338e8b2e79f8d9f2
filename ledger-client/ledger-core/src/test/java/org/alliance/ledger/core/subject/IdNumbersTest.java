package org.alliance.ledger.core.subject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class IdNumbersTest {
    /** The published example of GB 11643-1999, appendix: 11010519491231002X. */
    private static final String STANDARD_EXAMPLE = "11010519491231002X";

    @Test
    void theStandardsExampleIsValid() {
        assertThat(IdNumbers.checkCharacter("11010519491231002")).isEqualTo('X');
        assertThat(IdNumbers.isValid(STANDARD_EXAMPLE)).isTrue();
        assertThat(IdNumbers.isValid("11010519491231002x")).isTrue();
        assertThat(IdNumbers.birthDate(STANDARD_EXAMPLE)).isEqualTo(LocalDate.of(1949, 12, 31));
        assertThat(IdNumbers.isValid("440524198001010013")).isTrue();
        assertThat(IdNumbers.isValid("440524188001010014")).as("born before 1900").isFalse();
    }

    @Test
    void defectsAreRejected() {
        assertThat(IdNumbers.isValid("110105194912310021")).as("wrong check character").isFalse();
        assertThat(IdNumbers.isValid("99010519491231002" + IdNumbers.checkCharacter("99010519491231002")))
                .as("unknown province").isFalse();
        assertThat(IdNumbers.isValid("11010519490231002" + IdNumbers.checkCharacter("11010519490231002")))
                .as("31 February").isFalse();
        assertThat(IdNumbers.isValid("1101051949123100")).isFalse();
        assertThat(IdNumbers.isValid(null)).isFalse();
        assertThatThrownBy(() -> IdNumbers.checkCharacter("123")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IdNumbers.normalise("not an id")).isInstanceOf(IllegalArgumentException.class);
        assertThat(IdNumbers.normalise(" 11010519491231002x ")).isEqualTo(STANDARD_EXAMPLE);
    }

    @Test
    void legacyFifteenDigitNumbers() {
        assertThat(IdNumbers.isValidLegacy("110105491231002")).isTrue();
        assertThat(IdNumbers.isValidLegacy("110105491331002")).as("month 13").isFalse();
        assertThat(IdNumbers.isValidLegacy("11010549123100")).isFalse();
    }

    @Property
    void anySingleDigitChangeIsDetected(@ForAll @IntRange(min = 0, max = 16) int position,
            @ForAll @IntRange(min = 1, max = 9) int delta) {
        char[] id = STANDARD_EXAMPLE.toCharArray();
        id[position] = (char) ('0' + (id[position] - '0' + delta) % 10);
        assertThat(IdNumbers.checkCharacter(new String(id, 0, 17))).isNotEqualTo('X');
    }
}
