package org.alliance.ledger.face.dlib;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.alliance.ledger.face.dlib.DlibNet.Kind;
import org.alliance.ledger.face.dlib.DlibNet.Layer;
import org.alliance.ledger.face.dlib.OnnxGraph.IntsAttr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts dlib's face-recognition ResNet into an ONNX graph with the same function. The build
 * runs {@link #main} on the {@code .dat} file from the PyPI package; nothing is converted by hand.
 *
 * <p>Graph contract: input {@code input}, float 1×3×S×S, RGB 0..255 (S = 150, the aligned chip);
 * output {@code output}, float 1×128, the descriptor before any normalisation, as dlib's
 * {@code compute_face_descriptor} returns it. The graph does what dlib does, layer by layer:
 * {@code (p − mean) / 256} per channel; convolutions as cross-correlation with dlib's padding;
 * batch norm folded into a per-channel scale and shift exactly as dlib's {@code affine_} layer
 * builds it; and dlib's {@code add_prev}, which adds tensors of different shapes by padding the
 * smaller with zeros at the end of each dimension (the 4×4 versus 3×3 case at the 256-channel
 * level), as explicit {@code Pad} nodes.
 */
public final class DlibToOnnx {
    private static final Logger LOG = LoggerFactory.getLogger(DlibToOnnx.class);

    private DlibToOnnx() {
    }

    /**
     * Converts one network.
     *
     * @param net the parsed dlib network
     * @return the ONNX model's bytes
     */
    public static byte[] convert(DlibNet net) {
        OnnxGraph g = new OnnxGraph();
        int size = net.inputSize();
        g.input("input", 1, 3, size, size);
        float[] mean = net.inputMean();
        String x = g.node("Sub", List.of("input", g.constant("mean", mean, 1, 3, 1, 1)));
        x = g.node("Div", List.of(x, g.constant("scale", new float[] {256f}, 1)));
        long[] shape = {3, size, size};
        Map<Kind, String> tagValue = new HashMap<>();
        Map<Kind, long[]> tagShape = new HashMap<>();
        long outputs = 0;
        for (Layer layer : net.layers()) {
            switch (layer.kind()) {
                case CON -> {
                    long[] w = layer.shape();
                    int[] p = layer.padding();
                    x = con(g, x, layer, shape[0]);
                    shape = new long[] {w[0], pooled(shape[1], w[2], layer.stride()[0], p[0]),
                        pooled(shape[2], w[3], layer.stride()[1], p[1])};
                }
                case AFFINE -> x = affine(g, x, layer);
                case RELU -> x = g.node("Relu", List.of(x));
                case MAX_POOL, AVG_POOL -> {
                    int[] win = layer.window();
                    if (win[0] == 0 && win[1] == 0) {
                        x = g.node("GlobalAveragePool", List.of(x));
                        shape = new long[] {shape[0], 1, 1};
                    } else {
                        int[] p = layer.padding();
                        if (layer.kind() == Kind.AVG_POOL && (p[0] != 0 || p[1] != 0)) {
                            // dlib's average over a padded window divides by the full window; not needed here.
                            throw new IllegalArgumentException("padded average pooling is not supported");
                        }
                        x = g.node(layer.kind() == Kind.MAX_POOL ? "MaxPool" : "AveragePool", List.of(x),
                                new IntsAttr("kernel_shape", win[0], win[1]),
                                new IntsAttr("strides", layer.stride()[0], layer.stride()[1]),
                                new IntsAttr("pads", p[0], p[1], p[0], p[1]));
                        shape = new long[] {shape[0], pooled(shape[1], win[0], layer.stride()[0], p[0]),
                            pooled(shape[2], win[1], layer.stride()[1], p[1])};
                    }
                }
                case TAG1, TAG2 -> {
                    tagValue.put(layer.kind(), x);
                    tagShape.put(layer.kind(), shape);
                }
                case SKIP1 -> {
                    x = tagValue.get(Kind.TAG1);
                    shape = tagShape.get(Kind.TAG1);
                }
                case ADD_PREV1, ADD_PREV2 -> {
                    Kind tag = layer.kind() == Kind.ADD_PREV1 ? Kind.TAG1 : Kind.TAG2;
                    long[] other = tagShape.get(tag);
                    long[] sum = {Math.max(shape[0], other[0]), Math.max(shape[1], other[1]),
                        Math.max(shape[2], other[2])};
                    String a = zeroPadded(g, x, shape, sum);
                    String b = zeroPadded(g, tagValue.get(tag), other, sum);
                    x = g.node("Add", List.of(a, b));
                    shape = sum;
                }
                case FC -> {
                    long[] w = layer.shape();
                    if (w[0] != shape[0] * shape[1] * shape[2]) {
                        throw new IllegalArgumentException("fc expects " + w[0] + " inputs");
                    }
                    x = g.node("Flatten", List.of(x), new OnnxGraph.IntAttr("axis", 1));
                    x = g.node("MatMul", List.of(x, g.constant("fc_w", layer.weights(), w)));
                    if (layer.bias() != null) {
                        x = g.node("Add", List.of(x, g.constant("fc_b", layer.bias(), w[1])));
                    }
                    outputs = w[1];
                }
                default -> throw new IllegalArgumentException("unexpected layer " + layer.kind());
            }
        }
        if (outputs == 0) {
            throw new IllegalArgumentException("network has no fc output layer");
        }
        g.node("Identity", List.of(x), "output");
        g.output("output", 1, outputs);
        return g.model("dlib_face_recognition_resnet_model_v1", "alliance-ledger DlibToOnnx",
                "dlib face recognition ResNet (CC0), converted from dlib's serialisation");
    }

    /**
     * Converts the MMOD face detector's fully convolutional part. Graph contract: input
     * {@code input}, float 1×3×H×W of any size, the tiled image pyramid already normalised as
     * dlib's input layer does ({@link MmodDetector#pyramid}); output {@code output}, float
     * 1×windows×h×w, the detector's score map. The metadata carries what the Java side needs to
     * build that input and read that output ({@link MmodDetector.Settings}).
     *
     * @param net the parsed detector, from {@link DlibNet#readMmod}
     * @return the ONNX model's bytes
     */
    public static byte[] convertMmod(DlibNet net) {
        DlibNet.Mmod mmod = net.mmod();
        if (mmod == null) {
            throw new IllegalArgumentException("not an MMOD detector");
        }
        OnnxGraph g = new OnnxGraph();
        g.input("input", 1, 3, -1, -2);
        String x = "input";
        long channels = 3;
        // Where an output cell lies in the input: each convolution maps p to p·stride − pad + k/2
        // (dlib's con_::map_output_to_input, integer k/2), composed from the output inwards.
        double[] scale = {1, 1};
        double[] offset = {0, 0};
        List<Layer> layers = net.layers();
        for (Layer layer : layers) {
            switch (layer.kind()) {
                case CON -> {
                    x = con(g, x, layer, channels);
                    channels = layer.shape()[0];
                }
                case AFFINE -> x = affine(g, x, layer);
                case RELU -> x = g.node("Relu", List.of(x));
                default -> throw new IllegalArgumentException("unexpected detector layer " + layer.kind());
            }
        }
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer layer = layers.get(i);
            if (layer.kind() == Kind.CON) {
                for (int axis = 0; axis < 2; axis++) {
                    // stride and padding are {y, x}; scale and offset {x, y}.
                    int s = layer.stride()[1 - axis];
                    offset[axis] = offset[axis] * s - layer.padding()[1 - axis] + layer.shape()[3 - axis] / 2;
                    scale[axis] *= s;
                }
            }
        }
        g.node("Identity", List.of(x), "output");
        g.output("output", 1, channels, -3, -4);
        List<long[]> windows = new ArrayList<>();
        for (DlibNet.Window w : mmod.windows()) {
            windows.add(new long[] {w.width(), w.height()});
        }
        MmodDetector.Settings settings = new MmodDetector.Settings(net.inputMean(), DlibNet.MMOD_PYRAMID_DOWN,
                mmod.pyramidPadding(), mmod.pyramidOuterPadding(), windows, mmod.nmsIou(), mmod.nmsCovered(), scale,
                offset);
        settings.toMetadata().forEach(g::metadata);
        return g.model("mmod_human_face_detector", "alliance-ledger DlibToOnnx",
                "dlib MMOD CNN face detector (CC0), fully convolutional part, converted from dlib's serialisation");
    }

    private static String con(OnnxGraph g, String x, Layer layer, long channels) {
        long[] w = layer.shape();
        if (w[1] != channels) {
            throw new IllegalArgumentException("con expects " + w[1] + " channels, gets " + channels);
        }
        String weights = g.constant("con_w", layer.weights(), w);
        List<String> in = layer.bias() == null ? List.of(x, weights)
                : List.of(x, weights, g.constant("con_b", layer.bias(), w[0]));
        int[] p = layer.padding();
        return g.node("Conv", in, new IntsAttr("kernel_shape", w[2], w[3]),
                new IntsAttr("strides", layer.stride()[0], layer.stride()[1]),
                new IntsAttr("pads", p[0], p[1], p[0], p[1]));
    }

    private static String affine(OnnxGraph g, String x, Layer layer) {
        long c = layer.shape()[0];
        String scaled = g.node("Mul", List.of(x, g.constant("affine_g", layer.weights(), 1, c, 1, 1)));
        return g.node("Add", List.of(scaled, g.constant("affine_b", layer.bias(), 1, c, 1, 1)));
    }

    /** dlib's (and ONNX's default) output size: 1 + (n + 2·pad − window) / stride, rounded down. */
    private static long pooled(long n, long window, long stride, long pad) {
        return 1 + (n + 2 * pad - window) / stride;
    }

    private static String zeroPadded(OnnxGraph g, String x, long[] shape, long[] target) {
        if (shape[0] == target[0] && shape[1] == target[1] && shape[2] == target[2]) {
            return x;
        }
        long[] pads = {0, 0, 0, 0, 0, target[0] - shape[0], target[1] - shape[1], target[2] - shape[2]};
        return g.node("Pad", List.of(x, g.constant("pads", pads)));
    }

    /**
     * Build entry point: converts a {@code .dat} file into an {@code .onnx} file. The file's loss
     * layer says which network it is: the ResNet ({@code loss_metric}) or the MMOD detector.
     *
     * @param args the source {@code .dat} and the target {@code .onnx} path
     * @throws IOException if reading or writing fails, or the file is not one of the two networks
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: DlibToOnnx <source.dat> <target.onnx>");
        }
        Path source = Path.of(args[0]);
        Path target = Path.of(args[1]);
        byte[] bytes = Files.readAllBytes(source);
        // add_loss_layer's version, then the loss layer's name as a length-prefixed string.
        boolean mmod = new String(bytes, 0, Math.min(24, bytes.length), StandardCharsets.ISO_8859_1)
                .contains("loss_mmod_");
        DlibNet net;
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            net = mmod ? DlibNet.readMmod(in) : DlibNet.read(in);
        }
        byte[] model = mmod ? convertMmod(net) : convert(net);
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.write(target, model);
        LOG.info("converted {} ({} layers) to {} ({} bytes)", source, net.layers().size(), target, model.length);
    }
}
