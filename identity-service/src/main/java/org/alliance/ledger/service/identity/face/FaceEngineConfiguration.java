package org.alliance.ledger.service.identity.face;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the ONNX face engine and the challenge judge when {@code alliance.identity.face.engine}
 * is {@code onnx} (the default). {@code alliance.identity.face.models-dir} replaces the built-in
 * models with an operator's directory (a {@code manifest.json} and the files it names).
 */
@Configuration
@ConditionalOnProperty(name = "alliance.identity.face.engine", havingValue = "onnx", matchIfMissing = true)
public class FaceEngineConfiguration {

    /**
     * The engine; its sessions are released when the context closes.
     *
     * @param modelsDir the operator's model directory, or blank for the built-in models
     * @return the engine
     */
    @Bean(destroyMethod = "close")
    public OnnxFaceEngine faceEngine(@Value("${alliance.identity.face.models-dir:}") String modelsDir) {
        return modelsDir.isBlank() ? OnnxFaceEngine.fromClasspath() : OnnxFaceEngine.fromDirectory(Path.of(modelsDir));
    }

    /**
     * The liveness judge, using the engine's match threshold to tell whether frames show one person.
     *
     * @param engine the face engine
     * @return the judge
     */
    @Bean
    public LivenessJudge livenessJudge(FaceEngine engine) {
        return new ChallengeLivenessJudge(engine.matchPolicy().threshold());
    }
}
