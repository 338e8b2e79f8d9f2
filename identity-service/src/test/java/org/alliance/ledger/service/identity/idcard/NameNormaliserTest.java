package org.alliance.ledger.service.identity.idcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Name normalisation: NFKC, spaces, middle-dot variants, length and character checks. */
class NameNormaliserTest {
    private final NameNormaliser names = new NameNormaliser(10);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "张三|张三",
            "  张三  |张三",
            "买买提•艾力|买买提·艾力",
            "买买提‧艾力|买买提·艾力",
            "买买提 · 艾力|买买提·艾力",
            "买买提・艾力|买买提·艾力",
            "ＬＩ　Ｍｉｎｇ|LI Ming",
            "Li    Ming|Li Ming"})
    void normalises(String raw, String expected) throws Exception {
        assertThat(names.normalise(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "张三1", "张三<script>", "·张三", "张三·", "张··三", "abcdefghijk"})
    void refuses(String raw) {
        assertThatThrownBy(() -> names.normalise(raw)).isInstanceOfSatisfying(IdCardRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(IdCardRejectedException.Reason.BAD_NAME));
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> names.normalise(null)).isInstanceOf(IdCardRejectedException.class);
    }

    @Test
    void provinceTableHasTheThirtyFourDivisions() {
        assertThat(Provinces.count()).isEqualTo(34);
        assertThat(Provinces.name("35")).hasValue("福建省");
        assertThat(Provinces.name("10")).isEmpty();
    }
}
