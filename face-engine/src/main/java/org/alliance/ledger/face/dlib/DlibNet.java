package org.alliance.ledger.face.dlib;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A dlib network read from dlib's serialisation of the network object, as a list of layers in
 * forward order: the face-recognition ResNet ({@code dlib_face_recognition_resnet_model_v1.dat},
 * {@link #read}) or the MMOD CNN face detector ({@code mmod_human_face_detector.dat},
 * {@link #readMmod}).
 *
 * <p>A dlib network file has no self-describing layer list: it is the {@code serialize()} of one
 * nested C++ type, each {@code add_layer} writing its version, then its whole sub-network, then
 * its own parameters and some training state. The reader therefore walks the type that dlib's
 * {@code dnn_face_recognition_ex.cpp} declares ({@code anet_type}), or the one
 * {@code dnn_mmod_face_detection_ex.cpp} declares ({@code net_type}), outermost layer first, and
 * checks every layer's own version tag and geometry on the way, so a file of another network
 * fails with the byte offset where it stopped matching.
 */
public final class DlibNet {
    /** A layer kind of the network type, outermost first in {@link #TYPE}. */
    enum Kind {
        LOSS_METRIC, LOSS_MMOD, FC, AVG_POOL, MAX_POOL, RELU, AFFINE, CON, ADD_PREV1, ADD_PREV2, TAG1, TAG2, SKIP1, INPUT
    }

    /** {@code anet_type}, outermost layer first. */
    static final List<Kind> TYPE = type();
    /**
     * The detector's {@code net_type}, outermost layer first: {@code loss_mmod<con<1,9,9,1,1,
     * rcon5<rcon5<rcon5<downsampler<input_rgb_image_pyramid<pyramid_down<6>>>>>>>>}, where
     * {@code rcon5} is {@code relu<affine<con5<45>>>} and {@code downsampler} three
     * {@code relu<affine<con5d<N>>>} with stride 2 (16, 32, 32 filters).
     */
    static final List<Kind> MMOD_TYPE = mmodType();
    /**
     * The pyramid of the detector's type ({@code pyramid_down<6>}): each level is 5/6 of the one
     * above. The file does not say it; the type does.
     */
    static final int MMOD_PYRAMID_DOWN = 6;

    /**
     * One layer in forward order.
     *
     * @param kind what it computes
     * @param weights convolution filters (N, C, kh, kw), affine scale (C), fc matrix (in, out)
     * @param bias convolution bias (N), affine shift (C), fc bias, or null
     * @param shape the weights' dimensions
     * @param window pooling window or kernel {rows, columns}; {0, 0} is the whole input
     * @param stride {y, x}
     * @param padding {y, x}
     */
    public record Layer(Kind kind, float[] weights, float[] bias, long[] shape, int[] window, int[] stride,
            int[] padding) {
    }

    /**
     * One of the detector's sliding windows ({@code mmod_options::detector_window_details}).
     *
     * @param width window width, input pixels
     * @param height window height, input pixels
     * @param label what it detects (empty in older files)
     */
    public record Window(long width, long height, String label) {
    }

    /**
     * What the MMOD loss layer and the pyramid input layer say about detection.
     *
     * @param windows the detector windows, one per output channel
     * @param nmsIou non-max suppression: the overlap (intersection over the bounding box of both) above
     *     which the weaker of two detections is dropped
     * @param nmsCovered non-max suppression: the fraction of either box covered above which the weaker is dropped
     * @param pyramidPadding pixels between tiles of the pyramid
     * @param pyramidOuterPadding pixels around the tiled pyramid
     */
    public record Mmod(List<Window> windows, double nmsIou, double nmsCovered, int pyramidPadding,
            int pyramidOuterPadding) {
        /** Copies the windows. */
        public Mmod {
            windows = List.copyOf(windows);
        }
    }

    private final List<Layer> layers;
    private final float[] inputMean;
    private final int inputSize;
    private final Mmod mmod;

    private DlibNet(List<Layer> layers, float[] inputMean, int inputSize, Mmod mmod) {
        this.layers = List.copyOf(layers);
        this.inputMean = inputMean.clone();
        this.inputSize = inputSize;
        this.mmod = mmod;
    }

    /**
     * The detector's loss and pyramid settings.
     *
     * @return them, or null for a network that is not an MMOD detector
     */
    public Mmod mmod() {
        return mmod;
    }

    /**
     * The layers, input side first.
     *
     * @return the layers (TAG, SKIP and ADD_PREV carry no weights)
     */
    public List<Layer> layers() {
        return layers;
    }

    /**
     * The per-channel value dlib subtracts from the 0..255 RGB pixels before dividing by 256.
     *
     * @return {red, green, blue}
     */
    public float[] inputMean() {
        return inputMean.clone();
    }

    /**
     * The side of the square input chip.
     *
     * @return pixels, or 0 for the detector, which takes an image pyramid of any size
     */
    public int inputSize() {
        return inputSize;
    }

    private static List<Kind> type() {
        List<Kind> t = new ArrayList<>(List.of(Kind.LOSS_METRIC, Kind.FC, Kind.AVG_POOL));
        aresDown(t);                                   // alevel0: ares_down<256>
        ares(t, 2);                                    // alevel1: ares<256,ares<256,ares_down<256>>>
        aresDown(t);
        ares(t, 2);                                    // alevel2 (128)
        aresDown(t);
        ares(t, 3);                                    // alevel3 (64)
        aresDown(t);
        ares(t, 3);                                    // alevel4 (32)
        t.addAll(List.of(Kind.MAX_POOL, Kind.RELU, Kind.AFFINE, Kind.CON, Kind.INPUT));
        return List.copyOf(t);
    }

    private static List<Kind> mmodType() {
        List<Kind> t = new ArrayList<>(List.of(Kind.LOSS_MMOD, Kind.CON));
        for (int i = 0; i < 6; i++) {
            t.addAll(List.of(Kind.RELU, Kind.AFFINE, Kind.CON));
        }
        t.add(Kind.INPUT);
        return List.copyOf(t);
    }

    /** {@code relu<add_prev1<block<N,affine,1,tag1<SUBNET>>>>}, {@code count} times. */
    private static void ares(List<Kind> t, int count) {
        for (int i = 0; i < count; i++) {
            t.addAll(List.of(Kind.RELU, Kind.ADD_PREV1));
            block(t);
            t.add(Kind.TAG1);
        }
    }

    /** {@code relu<add_prev2<avg_pool<2,2,2,2,skip1<tag2<block<N,affine,2,tag1<SUBNET>>>>>>>}. */
    private static void aresDown(List<Kind> t) {
        t.addAll(List.of(Kind.RELU, Kind.ADD_PREV2, Kind.AVG_POOL, Kind.SKIP1, Kind.TAG2));
        block(t);
        t.add(Kind.TAG1);
    }

    /** {@code affine<con<N,3,3,1,1,relu<affine<con<N,3,3,stride,stride,SUBNET>>>>>}. */
    private static void block(List<Kind> t) {
        t.addAll(List.of(Kind.AFFINE, Kind.CON, Kind.RELU, Kind.AFFINE, Kind.CON));
    }

    /**
     * Reads the network.
     *
     * @param file the {@code .dat} file's bytes
     * @return the network
     * @throws IOException if the file is not this network in dlib's format
     */
    public static DlibNet read(InputStream file) throws IOException {
        DlibReader in = new DlibReader(new BufferedInputStream(file));
        in.expectInt(1, "add_loss_layer version");
        String loss = in.readString();
        if (loss.equals("loss_metric_2")) {
            in.readDouble();
            in.readDouble();
        } else if (!loss.equals("loss_metric_")) {
            throw new IOException("expected dlib's metric loss, found \"" + loss + "\"");
        }
        Parser parser = new Parser(in, TYPE);
        parser.layer(1);
        in.expectEnd();
        if (parser.size == 0) {
            throw new IOException("the ResNet needs a fixed-size input chip");
        }
        return new DlibNet(parser.forward, parser.mean, parser.size, null);
    }

    /**
     * Reads the MMOD face detector.
     *
     * @param file the {@code .dat} file's bytes
     * @return the network, with its {@link #mmod()} settings
     * @throws IOException if the file is not this network in dlib's format
     */
    public static DlibNet readMmod(InputStream file) throws IOException {
        DlibReader in = new DlibReader(new BufferedInputStream(file));
        in.expectInt(1, "add_loss_layer version");
        in.expectString("loss_mmod_");
        long version = in.readLong();
        if (version < 1 || version > 4) {
            throw new IOException("unsupported mmod_options version " + version);
        }
        List<Window> windows = new ArrayList<>();
        if (version == 1) {
            windows.add(new Window(in.readLong(), in.readLong(), ""));
        } else {
            long count = in.readLong();
            if (count < 1 || count > 64) {
                throw new IOException("implausible detector window count " + count + " at byte " + in.position());
            }
            for (long i = 0; i < count; i++) {
                long windowVersion = in.readLong();
                if (windowVersion != 1 && windowVersion != 2) {
                    throw new IOException("unsupported detector window version " + windowVersion);
                }
                windows.add(new Window(in.readLong(), in.readLong(), windowVersion == 2 ? in.readString() : ""));
            }
        }
        in.readDouble(); // loss per false alarm (training)
        in.readDouble(); // loss per missed target (training)
        in.readDouble(); // truth match IoU (training)
        double nmsIou = in.readDouble();
        double nmsCovered = in.readDouble();
        in.readDouble(); // overlaps_ignore (training)
        in.readDouble();
        if (version >= 3 && in.readByte() != 1) {
            // use_image_pyramid::yes; the windows then have one size and the pyramid finds other scales.
            throw new IOException("an MMOD detector without an image pyramid is not supported");
        }
        if (version >= 4 && in.readBool()) {
            throw new IOException("an MMOD detector with bounding box regression is not supported");
        }
        if (version >= 4) {
            in.readDouble();
        }
        Parser parser = new Parser(in, MMOD_TYPE);
        parser.layer(1);
        in.expectEnd();
        if (parser.size != 0) {
            throw new IOException("the detector needs an image pyramid input");
        }
        if (parser.forward.getLast().shape()[0] != windows.size()) {
            throw new IOException("the detector has " + windows.size() + " windows but "
                    + parser.forward.getLast().shape()[0] + " output channels");
        }
        return new DlibNet(parser.forward, parser.mean, 0,
                new Mmod(windows, nmsIou, nmsCovered, parser.pyramidPadding, parser.pyramidOuterPadding));
    }

    /** Walks a network type; the recursion mirrors dlib's nesting, so layers come out input first. */
    private static final class Parser {
        private final DlibReader in;
        private final List<Kind> type;
        private final List<Layer> forward = new ArrayList<>();
        private float[] mean;
        private int size;
        private int pyramidPadding;
        private int pyramidOuterPadding;

        Parser(DlibReader in, List<Kind> type) {
            this.in = in;
            this.type = type;
        }

        void layer(int index) throws IOException {
            Kind kind = type.get(index);
            switch (kind) {
                case TAG1, TAG2, SKIP1 -> {
                    in.expectInt(1, kind + " version");
                    layer(index + 1);
                    forward.add(new Layer(kind, null, null, null, null, null, null));
                }
                case INPUT -> throw new IOException("input layer must sit under a computational layer");
                default -> {
                    boolean onInput = type.get(index + 1) == Kind.INPUT;
                    long version = in.readLong();
                    if (onInput) {
                        if (version != 2 && version != 3) {
                            throw new IOException("unsupported add_layer (input) version " + version);
                        }
                        input();
                    } else {
                        if (version != 1 && version != 2) {
                            throw new IOException("unsupported add_layer version " + version);
                        }
                        layer(index + 1);
                    }
                    forward.add(details(kind));
                    // Training state that inference does not use.
                    in.readBool();
                    in.readBool();
                    in.readBool();
                    in.readTensor();
                    in.readTensor();
                    if (onInput) {
                        in.readTensor();
                        if (version == 3) {
                            in.readLong();
                        }
                    } else if (version == 2) {
                        in.readTensor();
                    }
                }
            }
        }

        private void input() throws IOException {
            long at = in.position();
            String input = in.readString();
            if (input.equals("input_rgb_image_pyramid") || input.equals("input_rgb_image_pyramid2")) {
                mean = new float[] {(float) in.readDouble(), (float) in.readDouble(), (float) in.readDouble()};
                // Files older than the padding settings used dlib's defaults.
                pyramidPadding = input.endsWith("2") ? in.readInt() : 10;
                pyramidOuterPadding = input.endsWith("2") ? in.readInt() : 11;
                return;
            }
            if (!input.equals("input_rgb_image_sized")) {
                throw new IOException("expected an RGB input layer at byte " + at + ", found \"" + input + "\"");
            }
            mean = new float[] {(float) in.readDouble(), (float) in.readDouble(), (float) in.readDouble()};
            long rows = in.readLong();
            long cols = in.readLong();
            if (rows != cols || rows <= 0 || rows > 4096) {
                throw new IOException("expected a square input chip, found " + rows + "x" + cols);
            }
            size = (int) rows;
        }

        private Layer details(Kind kind) throws IOException {
            return switch (kind) {
                case CON -> con();
                case AFFINE -> affine();
                case FC -> fc();
                case RELU -> {
                    String v = in.readString();
                    if (v.equals("relu_2")) {
                        if (in.readBool()) {
                            throw new IOException("disabled relu layer is not supported");
                        }
                    } else if (!v.equals("relu_")) {
                        throw new IOException("expected a relu layer, found \"" + v + "\"");
                    }
                    yield new Layer(kind, null, null, null, null, null, null);
                }
                case ADD_PREV1, ADD_PREV2 -> {
                    in.expectString("add_prev_");
                    yield new Layer(kind, null, null, null, null, null, null);
                }
                case AVG_POOL, MAX_POOL -> {
                    in.expectString(kind == Kind.AVG_POOL ? "avg_pool_2" : "max_pool_2");
                    int[] window = {in.readInt(), in.readInt()};
                    int[] stride = {in.readInt(), in.readInt()};
                    int[] padding = {in.readInt(), in.readInt()};
                    yield new Layer(kind, null, null, null, window, stride, padding);
                }
                default -> throw new IOException("unexpected layer kind " + kind);
            };
        }

        private Layer con() throws IOException {
            String v = in.readString();
            if (!v.equals("con_4") && !v.equals("con_5") && !v.equals("con_6")) {
                throw new IOException("expected a con layer, found \"" + v + "\" at byte " + in.position());
            }
            DlibReader.Tensor params = in.readTensor();
            long filters = in.readLong();
            int[] window = {in.readInt(), in.readInt()};
            int[] stride = {in.readInt(), in.readInt()};
            int[] padding = {in.readInt(), in.readInt()};
            long[] filterShape = in.readAliasShape();
            long[] biasShape = in.readAliasShape();
            skipMultipliers();
            boolean useBias = true;
            if (!v.equals("con_4")) {
                useBias = in.readBool();
            }
            if (v.equals("con_6") && in.readBool()) {
                throw new IOException("con layer with a fused relu is not supported");
            }
            int weightCount = (int) (filterShape[0] * filterShape[1] * filterShape[2] * filterShape[3]);
            if (filterShape[0] != filters || filterShape[2] != window[0] || filterShape[3] != window[1]
                    || params.values().length < weightCount + (useBias ? filters : 0)) {
                throw new IOException("inconsistent con layer at byte " + in.position());
            }
            float[] w = java.util.Arrays.copyOfRange(params.values(), 0, weightCount);
            float[] b = useBias ? java.util.Arrays.copyOfRange(params.values(), weightCount,
                    weightCount + (int) (biasShape[0] * biasShape[1] * biasShape[2] * biasShape[3])) : null;
            return new Layer(Kind.CON, w, b, filterShape, window, stride, padding);
        }

        /** An affine layer, or a batch-norm layer folded into one exactly as dlib's affine_(bn_) does. */
        private Layer affine() throws IOException {
            String v = in.readString();
            if (v.equals("bn_con2")) {
                DlibReader.Tensor params = in.readTensor();
                long[] gammaShape = in.readAliasShape();
                in.readAliasShape();
                in.readTensor();
                in.readTensor();
                float[] runningMeans = in.readTensor().values();
                float[] runningVariances = in.readTensor().values();
                in.readLong();
                in.readLong();
                skipMultipliers();
                double eps = in.readDouble();
                int c = (int) gammaShape[1];
                float[] scale = new float[c];
                float[] shift = new float[c];
                for (int i = 0; i < c; i++) {
                    // dlib computes in float: g = gamma / sqrt(var + eps); b = beta - g * mean.
                    scale[i] = params.values()[i] / (float) Math.sqrt(runningVariances[i] + (float) eps);
                    shift[i] = params.values()[c + i] - scale[i] * runningMeans[i];
                }
                return new Layer(Kind.AFFINE, scale, shift, new long[] {c}, null, null, null);
            }
            if (!v.equals("affine_") && !v.equals("affine_2")) {
                throw new IOException("expected an affine layer, found \"" + v + "\" at byte " + in.position());
            }
            DlibReader.Tensor params = in.readTensor();
            long[] gammaShape = in.readAliasShape();
            in.readAliasShape();
            int mode = in.readInt();
            if (v.equals("affine_2") && in.readBool()) {
                throw new IOException("disabled affine layer is not supported");
            }
            // CONV_MODE (0): one scale and shift per channel.
            if (mode != 0) {
                throw new IOException("expected a per-channel affine layer, found mode " + mode);
            }
            int c = (int) (gammaShape[0] * gammaShape[1] * gammaShape[2] * gammaShape[3]);
            return new Layer(Kind.AFFINE, java.util.Arrays.copyOfRange(params.values(), 0, c),
                    java.util.Arrays.copyOfRange(params.values(), c, 2 * c), new long[] {c}, null, null, null);
        }

        private Layer fc() throws IOException {
            String v = in.readString();
            if (!v.equals("fc_2") && !v.equals("fc_3")) {
                throw new IOException("expected an fc layer, found \"" + v + "\"");
            }
            long outputs = in.readLong();
            long inputs = in.readLong();
            DlibReader.Tensor params = in.readTensor();
            in.readAliasShape();
            in.readAliasShape();
            int biasMode = in.readInt();
            skipMultipliers();
            boolean useBias = biasMode == 0;
            if (v.equals("fc_3")) {
                useBias &= in.readBool();
            }
            int count = (int) (inputs * outputs);
            if (params.values().length < count + (useBias ? outputs : 0)) {
                throw new IOException("inconsistent fc layer");
            }
            return new Layer(Kind.FC, java.util.Arrays.copyOfRange(params.values(), 0, count),
                    useBias ? java.util.Arrays.copyOfRange(params.values(), count, count + (int) outputs) : null,
                    new long[] {inputs, outputs}, null, null, null);
        }

        /** Learning-rate and weight-decay multipliers (training only). */
        private void skipMultipliers() throws IOException {
            for (int i = 0; i < 4; i++) {
                in.readDouble();
            }
        }
    }
}
