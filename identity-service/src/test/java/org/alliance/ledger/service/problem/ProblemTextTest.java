package org.alliance.ledger.service.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;

/** The field a problem names, in words, in either language; its code where the bundle has none. */
class ProblemTextTest {
    @AfterEach
    void resetLocale() {
        LocaleContextHolder.resetLocaleContext();
    }

    @Test
    void fieldsAreNamedInTheRequestsLanguageAndAnIndexedPartCountsFromOne() {
        LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);
        assertThat(ProblemText.fieldName("referencePhoto")).isEqualTo("参考照片");
        assertThat(ProblemText.fieldName("frames[1]")).isEqualTo("第 2 张动作画面");
        assertThat(ProblemText.detail("NO_FACE", "flashFrames[0]", "fallback")).endsWith("(第 1 张闪光画面)");
        LocaleContextHolder.setLocale(Locale.ENGLISH);
        assertThat(ProblemText.fieldName("frames[1]")).isEqualTo("challenge frame 2");
        assertThat(ProblemText.fieldName("idNumber")).isEqualTo("ID number");
    }

    @Test
    void aFieldTheBundleDoesNotNameKeepsItsCode() {
        LocaleContextHolder.setLocale(Locale.ENGLISH);
        assertThat(ProblemText.fieldName("materials[0].hash")).isEqualTo("materials[0].hash");
        assertThat(ProblemText.fieldName("Idempotency-Key")).isEqualTo("Idempotency-Key");
        assertThat(ProblemText.fieldName("unheardOf[3]")).isEqualTo("unheardOf[3]");
    }
}
