package org.alliance.ledger.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * {@link PReluDecomposition} on small models built here field by field (onnx.proto numbering), run
 * through ONNX Runtime before and after the rewrite, and on the shipped models.
 */
class PReluDecompositionTest {
    private static final float[] SLOPES = {0.25f, -1.5f};
    private static final float[] X = {-2f, 3f, -0.5f, 0.75f, -7.25f, 1f, 0f, -1e-3f};

    @Test
    void replacesPReluWithAnEquivalentSubgraphThatOnnxRuntimeComputesTheSame() throws Exception {
        byte[] model = model(9, true, null);
        PReluDecomposition.Result result = PReluDecomposition.apply(model);
        assertThat(result.decomposed()).isEqualTo(1);
        assertThat(opTypes(result.model())).containsExactly("Sub", "Relu", "Mul", "Mul", "Add");
        float[] before = run(model, Map.of());
        float[] after = run(result.model(), Map.of());
        for (int i = 0; i < X.length; i++) {
            // Layout [1, 2, 2, 2]: the first four values are channel 0.
            float slope = SLOPES[i / 4];
            float expected = X[i] >= 0 ? X[i] : slope * X[i];
            assertThat(before[i]).as("published PRelu, element %d", i).isEqualTo(expected);
            assertThat(after[i]).as("decomposed, element %d", i).isCloseTo(expected, within(1e-6f * Math.abs(X[i])));
        }
    }

    @Test
    void aRewrittenModelHasNothingLeftToRewrite() {
        byte[] once = PReluDecomposition.apply(model(9, true, null)).model();
        PReluDecomposition.Result twice = PReluDecomposition.apply(once);
        assertThat(twice.decomposed()).isZero();
        assertThat(twice.model()).isSameAs(once);
    }

    @Test
    void aSlopeThatIsNotAConstantLeavesTheModelAsItIs() throws Exception {
        byte[] model = model(9, false, null);
        PReluDecomposition.Result result = PReluDecomposition.apply(model);
        assertThat(result.decomposed()).isZero();
        assertThat(result.model()).isSameAs(model);
        assertThat(run(model, Map.of("slope", SLOPES))[0]).isEqualTo(SLOPES[0] * X[0]);
    }

    @Test
    void anOpsetWithoutNumpyBroadcastingIsLeftAsItIs() {
        byte[] model = model(6, true, null);
        assertThat(PReluDecomposition.apply(model).model()).isSameAs(model);
    }

    @Test
    void addedTensorsNeverTakeANameTheGraphAlreadyUses() throws Exception {
        byte[] model = model(9, true, "prelu_decomposition_0/one");
        byte[] rewritten = PReluDecomposition.apply(model).model();
        assertThat(initializerNames(rewritten)).contains("prelu_decomposition_0/one", "prelu_decomposition_1/one");
        assertThat(run(rewritten, Map.of())[0]).isEqualTo(SLOPES[0] * X[0]);
    }

    @Test
    void bytesThatAreNotAProtobufMessageAreRefused() {
        assertThatThrownBy(() -> PReluDecomposition.apply(new byte[] {0x0a, 0x05, 0x01}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an ONNX model");
    }

    /** Operator models are arbitrary files: a damaged one must fail with the one documented exception. */
    @Property(tries = 2000)
    void damagedModelsAreRewrittenOrRefusedNeverCrash(@ForAll @Size(max = 40) List<@IntRange(max = 255) Integer> flips,
            @ForAll boolean truncate) {
        byte[] model = model(9, true, null);
        for (int i = 0; i + 1 < flips.size(); i += 2) {
            model[flips.get(i) * model.length / 256] ^= (byte) (int) flips.get(i + 1);
        }
        byte[] input = truncate ? Arrays.copyOf(model, model.length / 2) : model;
        try {
            PReluDecomposition.Result result = PReluDecomposition.apply(input);
            assertThat(result.decomposed()).isBetween(0, 1);
            assertThat(result.model()).isNotEmpty();
        } catch (IllegalArgumentException refused) {
            assertThat(refused).hasMessageContaining("not an ONNX model");
        }
    }

    @Test
    void theShippedModelsWithPReluAreRewrittenAndTheOthersKept() throws IOException {
        assertThat(PReluDecomposition.apply(shipped("fr_feature.onnx")).decomposed()).isEqualTo(33);
        assertThat(PReluDecomposition.apply(shipped("fr_liveness.onnx")).decomposed()).isPositive();
        byte[] detector = shipped("fr_detect.onnx");
        assertThat(PReluDecomposition.apply(detector).model()).isSameAs(detector);
    }

    private static byte[] shipped(String file) throws IOException {
        try (InputStream in = PReluDecompositionTest.class.getResourceAsStream("models/" + file)) {
            assertThat(in).as("models/%s on the test class path (the build fetches it)", file).isNotNull();
            return in.readAllBytes();
        }
    }

    private static float[] run(byte[] model, Map<String, float[]> extraInputs) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions())) {
            feeds.put("x", OnnxTensor.createTensor(env, FloatBuffer.wrap(X), new long[] {1, 2, 2, 2}));
            for (Map.Entry<String, float[]> extra : extraInputs.entrySet()) {
                feeds.put(extra.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(extra.getValue()),
                        new long[] {2, 1, 1}));
            }
            try (OrtSession.Result out = session.run(feeds)) {
                float[][][][] y = (float[][][][]) out.get(0).getValue();
                float[] flat = new float[X.length];
                for (int i = 0; i < X.length; i++) {
                    flat[i] = y[0][i / 4][(i / 2) % 2][i % 2];
                }
                return flat;
            }
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    /**
     * x [1,2,2,2] → PRelu(x, slope [2,1,1]) → y, with the slope an initializer or a graph input, and
     * optionally an unused initializer whose name the rewrite would otherwise pick.
     */
    private static byte[] model(long opset, boolean slopeIsInitializer, String extraInitializer) {
        List<Object> graph = new ArrayList<>(List.of(
                1, message(1, "x", 1, "slope", 2, "y", 4, "PRelu"),
                11, valueInfo("x", 1, 2, 2, 2),
                12, valueInfo("y", 1, 2, 2, 2)));
        if (slopeIsInitializer) {
            graph.addAll(List.of(5, slopeTensor("slope")));
        } else {
            graph.addAll(List.of(11, valueInfo("slope", 2, 1, 1)));
        }
        if (extraInitializer != null) {
            graph.addAll(List.of(5, slopeTensor(extraInitializer)));
        }
        return message(1, 7L, 8, message(1, "", 2, opset), 7, message(graph.toArray())).toByteArray();
    }

    private static UnknownFieldSet slopeTensor(String name) {
        ByteBuffer raw = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(SLOPES[0]).putFloat(SLOPES[1]);
        return message(1, 2L, 1, 1L, 1, 1L, 2, 1L, 8, name, 9, ByteString.copyFrom(raw.array()));
    }

    private static UnknownFieldSet valueInfo(String name, long... dims) {
        List<Object> shape = new ArrayList<>();
        for (long dim : dims) {
            shape.addAll(List.of(1, message(1, dim)));
        }
        return message(1, name, 2, message(1, message(1, 1L, 2, message(shape.toArray()))));
    }

    /** A message from (field number, value) pairs: a String, ByteString, Long or nested message. */
    private static UnknownFieldSet message(Object... pairs) {
        UnknownFieldSet.Builder message = UnknownFieldSet.newBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            UnknownFieldSet.Field.Builder field = UnknownFieldSet.Field.newBuilder();
            switch (pairs[i + 1]) {
                case String s -> field.addLengthDelimited(ByteString.copyFromUtf8(s));
                case ByteString b -> field.addLengthDelimited(b);
                case Long v -> field.addVarint(v);
                case UnknownFieldSet m -> field.addLengthDelimited(m.toByteString());
                default -> throw new IllegalArgumentException("unsupported value " + pairs[i + 1]);
            }
            message.mergeField((Integer) pairs[i], field.build());
        }
        return message.build();
    }

    private static List<String> opTypes(byte[] model) throws IOException {
        return nested(model, 1).stream().map(node -> last(node, 4)).toList();
    }

    private static List<String> initializerNames(byte[] model) throws IOException {
        return nested(model, 5).stream().map(tensor -> last(tensor, 8)).toList();
    }

    private static List<UnknownFieldSet> nested(byte[] model, int graphField) throws IOException {
        UnknownFieldSet graph = UnknownFieldSet.parseFrom(
                UnknownFieldSet.parseFrom(model).getField(7).getLengthDelimitedList().get(0));
        List<UnknownFieldSet> out = new ArrayList<>();
        for (ByteString bytes : graph.getField(graphField).getLengthDelimitedList()) {
            out.add(UnknownFieldSet.parseFrom(bytes));
        }
        return out;
    }

    private static String last(UnknownFieldSet message, int field) {
        List<ByteString> values = message.getField(field).getLengthDelimitedList();
        return values.get(values.size() - 1).toString(StandardCharsets.UTF_8);
    }
}
