package org.alliance.ledger.service.identity.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FaceSettingsTest {

    @Test
    void valuesParseIgnoringCaseAndBlanks() {
        assertThat(HeadPoseSource.parse("landmarks")).isEqualTo(HeadPoseSource.LANDMARKS);
        assertThat(HeadPoseSource.parse(" MODEL ")).isEqualTo(HeadPoseSource.MODEL);
        assertThat(BlinkSignal.parse("Both")).isEqualTo(BlinkSignal.BOTH);
        assertThat(BlinkSignal.parse("ear")).isEqualTo(BlinkSignal.EAR);
        assertThat(GraphRewrite.parse("PRelu")).isEqualTo(GraphRewrite.PRELU);
        assertThat(GraphRewrite.parse("none")).isEqualTo(GraphRewrite.NONE);
    }

    @Test
    void unknownValuesNameThePropertyAndTheChoices() {
        assertThatThrownBy(() -> HeadPoseSource.parse("hopenet")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alliance.identity.face.head-pose must be one of landmarks, model, not 'hopenet'");
        assertThatThrownBy(() -> BlinkSignal.parse(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alliance.identity.face.blink must be one of ear, model, both");
        assertThatThrownBy(() -> GraphRewrite.parse("fuse")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alliance.identity.face.graph-rewrite must be one of prelu, none, not 'fuse'");
    }
}
