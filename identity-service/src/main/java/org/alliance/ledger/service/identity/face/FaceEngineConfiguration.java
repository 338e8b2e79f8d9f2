package org.alliance.ledger.service.identity.face;

import java.nio.file.Path;
import org.alliance.ledger.face.BlinkSignal;
import org.alliance.ledger.face.ChallengeLivenessJudge;
import org.alliance.ledger.face.FaceEngine;
import org.alliance.ledger.face.GraphRewrite;
import org.alliance.ledger.face.HeadPoseSource;
import org.alliance.ledger.face.LivenessJudge;
import org.alliance.ledger.face.ModelSet;
import org.alliance.ledger.face.OnnxFaceEngine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the ONNX face engine (module face-engine) and the challenge judge when {@code alliance.identity.face.engine}
 * is {@code onnx} (the default). {@code alliance.identity.face.models-dir} replaces the built-in
 * models with an operator's directory (a {@code manifest.json} and the files it names);
 * otherwise {@code alliance.identity.face.models} picks the built-in set ({@code dlib-cc0}, the
 * default: dlib's CC0 detector, alignment and embedding; or {@code faceplugin}, whose models'
 * provenance is unstated but which costs a third of the CPU per check, {@link ModelSet}).
 * {@code alliance.identity.face.head-pose} ({@code landmarks}, the default, or {@code model})
 * says where head yaw comes from ({@link HeadPoseSource}); {@code alliance.identity.face.blink}
 * ({@code both}, the default, {@code ear} or {@code model}) which eye signal judges a blink
 * ({@link BlinkSignal}); {@code alliance.identity.face.graph-rewrite} ({@code prelu}, the default,
 * or {@code none}) how the verified models are prepared for loading ({@link GraphRewrite}).
 */
@Configuration
@ConditionalOnProperty(name = "alliance.identity.face.engine", havingValue = "onnx", matchIfMissing = true)
public class FaceEngineConfiguration {

    /**
     * The engine; its sessions are released when the context closes.
     *
     * @param modelsDir the operator's model directory, or blank for the built-in models
     * @param models the built-in model set, {@code dlib-cc0} or {@code faceplugin}
     * @param headPose {@code landmarks} or {@code model}
     * @param graphRewrite {@code prelu} or {@code none}
     * @return the engine
     */
    @Bean(destroyMethod = "close")
    public OnnxFaceEngine faceEngine(@Value("${alliance.identity.face.models-dir:}") String modelsDir,
            @Value("${alliance.identity.face.models:dlib-cc0}") String models,
            @Value("${alliance.identity.face.head-pose:landmarks}") String headPose,
            @Value("${alliance.identity.face.graph-rewrite:prelu}") String graphRewrite) {
        HeadPoseSource source = FaceSettings.headPose(headPose);
        GraphRewrite rewrite = FaceSettings.graphRewrite(graphRewrite);
        ModelSet set = FaceSettings.modelSet(models);
        return modelsDir.isBlank() ? OnnxFaceEngine.fromClasspath(set, source, rewrite)
                : OnnxFaceEngine.fromDirectory(Path.of(modelsDir), source, rewrite);
    }

    /**
     * The liveness judge, using the engine's match threshold to tell whether frames show one person.
     *
     * @param engine the face engine
     * @param blink {@code both}, {@code ear} or {@code model}
     * @return the judge
     */
    @Bean
    public LivenessJudge livenessJudge(FaceEngine engine, @Value("${alliance.identity.face.blink:both}") String blink) {
        return new ChallengeLivenessJudge(engine.matchPolicy().threshold(), FaceSettings.blink(blink));
    }
}
