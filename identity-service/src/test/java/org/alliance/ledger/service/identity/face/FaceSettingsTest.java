package org.alliance.ledger.service.identity.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.alliance.ledger.face.BlinkSignal;
import org.alliance.ledger.face.GraphRewrite;
import org.alliance.ledger.face.HeadPoseSource;
import org.alliance.ledger.face.ModelSet;
import org.junit.jupiter.api.Test;

class FaceSettingsTest {

    @Test
    void valuesParseIgnoringCaseAndBlanks() {
        assertThat(FaceSettings.headPose("landmarks")).isEqualTo(HeadPoseSource.LANDMARKS);
        assertThat(FaceSettings.headPose(" MODEL ")).isEqualTo(HeadPoseSource.MODEL);
        assertThat(FaceSettings.blink("Both")).isEqualTo(BlinkSignal.BOTH);
        assertThat(FaceSettings.blink("ear")).isEqualTo(BlinkSignal.EAR);
        assertThat(FaceSettings.graphRewrite("PRelu")).isEqualTo(GraphRewrite.PRELU);
        assertThat(FaceSettings.graphRewrite("none")).isEqualTo(GraphRewrite.NONE);
        assertThat(FaceSettings.modelSet("faceplugin")).isEqualTo(ModelSet.FACEPLUGIN);
        assertThat(FaceSettings.modelSet(" DLIB-CC0 ")).isEqualTo(ModelSet.DLIB_CC0);
    }

    @Test
    void unknownValuesNameThePropertyAndTheChoices() {
        assertThatThrownBy(() -> FaceSettings.headPose("hopenet")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alliance.identity.face.head-pose must be one of landmarks, model, not 'hopenet'");
        assertThatThrownBy(() -> FaceSettings.blink(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alliance.identity.face.blink must be one of ear, model, both");
        assertThatThrownBy(() -> FaceSettings.graphRewrite("fuse")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alliance.identity.face.graph-rewrite must be one of prelu, none, not 'fuse'");
        assertThatThrownBy(() -> FaceSettings.modelSet("dlib")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alliance.identity.face.models: unknown face model set \"dlib\" (faceplugin or dlib-cc0)");
    }
}
