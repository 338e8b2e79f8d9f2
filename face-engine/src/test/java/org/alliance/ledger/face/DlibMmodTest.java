package org.alliance.ledger.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;
import org.alliance.ledger.face.ImageRejectedException.Reason;
import org.alliance.ledger.face.dlib.DlibNet;
import org.alliance.ledger.face.dlib.DlibToOnnx;
import org.alliance.ledger.face.dlib.MmodDetector;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dlib's MMOD face detector in the dlib-cc0 set: the file read as dlib declares the network, its
 * conversion, the pyramid's layout, and the engine finding the faces of the calibration set with
 * it (DlibMmodCrossCheckTest compares the boxes with dlib's own).
 */
class DlibMmodTest {
    private static final Logger LOG = LoggerFactory.getLogger(DlibMmodTest.class);
    private static final Path DAT = FaceTestData.DIR.getParent().resolve("dlib-models/mmod_human_face_detector.dat");
    private static final Path BUILT = FaceTestData.DIR.getParent()
            .resolve("classes/org/alliance/ledger/face/models/mmod_human_face_detector.onnx");
    private final OnnxFaceEngine engine = FaceTestData.dlibEngine();

    private static DlibNet detector() throws IOException {
        try (InputStream in = Files.newInputStream(DAT)) {
            return DlibNet.readMmod(in);
        }
    }

    @Test
    void theFileIsTheNetworkDlibsExampleDeclares() throws IOException {
        DlibNet net = detector();
        List<DlibNet.Layer> cons = net.layers().stream().filter(l -> l.shape() != null && l.shape().length == 4).toList();
        assertThat(net.layers()).hasSize(19);
        assertThat(cons).extracting(l -> l.shape()[0]).containsExactly(16L, 32L, 32L, 45L, 45L, 45L, 1L);
        assertThat(cons).extracting(l -> l.stride()[0]).containsExactly(2, 2, 2, 1, 1, 1, 1);
        assertThat(cons).extracting(l -> l.padding()[0]).containsExactly(0, 0, 0, 2, 2, 2, 4);
        assertThat(net.inputMean()).containsExactly(122.782f, 117.001f, 104.298f);
        DlibNet.Mmod mmod = net.mmod();
        assertThat(mmod.windows()).containsExactly(new DlibNet.Window(80, 80, ""));
        assertThat(mmod.nmsIou()).isBetween(0.3, 0.4);
        assertThat(mmod.nmsCovered()).isEqualTo(1.0);
        assertThat(mmod.pyramidPadding()).isEqualTo(10);
        assertThat(mmod.pyramidOuterPadding()).isEqualTo(11);
    }

    @Test
    void theConversionIsDeterministicAndIsTheFileTheEngineVerified() throws IOException {
        byte[] once = DlibToOnnx.convertMmod(detector());
        assertThat(DlibToOnnx.convertMmod(detector())).isEqualTo(once);
        assertThat(Files.readAllBytes(BUILT)).isEqualTo(once);
        // Three stride-2 convolutions without padding, each adding its half kernel (2): 2, 6, 14.
        MmodDetector.Settings settings = engine.mmod().settings();
        assertThat(settings.scale()).containsExactly(8.0, 8.0);
        assertThat(settings.offset()).containsExactly(14.0, 14.0);
        assertThat(settings.pyramidDown()).isEqualTo(6);
    }

    @Test
    void thePyramidTilesLikeDlibs() {
        MmodDetector detector = engine.mmod();
        MmodDetector.Pyramid pyramid = detector.pyramid(solid(320, 240));
        List<MmodDetector.Rect> tiles = pyramid.tiles();
        assertThat(tiles.get(0)).isEqualTo(new MmodDetector.Rect(11, 11, 330, 250));
        assertThat(pyramid.columns()).isEqualTo(320 + 22);
        for (int i = 1; i < tiles.size(); i++) {
            MmodDetector.Rect up = tiles.get(i - 1);
            MmodDetector.Rect tile = tiles.get(i);
            assertThat(tile.right() - tile.left() + 1).isEqualTo((long) Math.floor(5.0 / 6 * (up.right() - up.left() + 1)));
            assertThat(tile.bottom() - tile.top() + 1).isEqualTo((long) Math.floor(5.0 / 6 * (up.bottom() - up.top() + 1)));
            assertThat(tile.left()).isGreaterThanOrEqualTo(11);
            assertThat(tile.right()).isLessThan(pyramid.columns() - 11L);
            assertThat(tile.bottom()).isLessThan(pyramid.rows() - 11L);
            for (int j = 0; j < i; j++) {
                MmodDetector.Rect other = tiles.get(j);
                boolean apart = tile.right() < other.left() || other.right() < tile.left() || tile.bottom() < other.top()
                        || other.bottom() < tile.top();
                assertThat(apart).as("tile %d against %d", i, j).isTrue();
            }
        }
        // The smallest tile is at least 5 rows high, as dlib stops there.
        assertThat(tiles.getLast().bottom() - tiles.getLast().top() + 1).isGreaterThanOrEqualTo(5);
        // A uniform image at dlib's mean is zero everywhere; the network then finds nothing.
        assertThat(pyramid.tensor()[3 * pyramid.columns() * pyramid.rows() - 1]).isZero();
    }

    @Test
    void itFindsTheOneFaceOfEveryCalibrationImageWhereFacepluginsDetectorDoes() throws Exception {
        List<Double> landmarkGaps = new ArrayList<>();
        for (String[] labelled : FaceTestData.calibrationSet()) {
            DecodedImage image = ImageDecoder.decode(FaceTestData.bytes(labelled[1]));
            FaceBox dlib = engine.singleFace(image);
            FaceBox faceplugin = FaceTestData.engine().singleFace(image);
            FaceBox mapped = engine.modelBox(dlib);
            double centreGap = Math.hypot(mapped.x() + mapped.width() / 2.0 - faceplugin.x() - faceplugin.width() / 2.0,
                    mapped.y() + mapped.height() / 2.0 - faceplugin.y() - faceplugin.height() / 2.0);
            assertThat(centreGap).as(labelled[1]).isLessThan(0.25 * faceplugin.width());
            // The 68-point model on the mapped box finds the points it finds in faceplugin's box.
            double[] ours = engine.landmarks(image, dlib);
            double[] theirs = FaceTestData.engine().landmarks(image, faceplugin);
            double gap = 0;
            for (int k = 0; k < 68; k++) {
                gap += Math.hypot(ours[2 * k] - theirs[2 * k], ours[2 * k + 1] - theirs[2 * k + 1]);
            }
            landmarkGaps.add(gap / 68 / faceplugin.width());
        }
        landmarkGaps.sort(Comparator.naturalOrder());
        LOG.info("68 landmarks from the mapped MMOD box against faceplugin's box, mean point distance / box width:"
                + " median {}, max {}", landmarkGaps.get(landmarkGaps.size() / 2), landmarkGaps.getLast());
        assertThat(landmarkGaps.get(landmarkGaps.size() / 2)).isLessThan(0.025);
        assertThat(landmarkGaps.getLast()).isLessThan(0.05);
    }

    @Test
    void aReferencePhotoIsSearchedForASecondFaceTheCoarseSearchCannotSee() throws Exception {
        byte[] photo = FaceTestData.encode(twoFaces(), "png");
        DecodedImage image = ImageDecoder.decode(photo);
        List<FaceBox> coarse = engine.detect(image, false);
        List<FaceBox> thorough = engine.detect(image, true);
        LOG.info("two-face photo: first search {}, with the small-face search {}", coarse, thorough);
        assertThat(coarse).hasSize(1);
        assertThat(thorough).hasSize(2);
        assertThat(thorough).anyMatch(f -> f.x() + f.width() / 2 < 320).anyMatch(f -> f.x() + f.width() / 2 > 320);
        assertThatThrownBy(() -> engine.analyse(photo, AnalysisMode.REFERENCE))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MULTIPLE_FACES));
        // One face alone is found once, though both searches see it.
        assertThat(engine.detect(ImageDecoder.decode(WebcamCheck.reference()), true)).hasSize(1);
    }

    @Test
    void aPhotoTheSizeOfAnIdCardChipsIsEnlargedUntilItsFaceIsFound() throws Exception {
        // The second-generation ID card's chip holds a 102x126 photo; its face is about 60 pixels
        // wide, under the 80-pixel window, so the detector sees the photo enlarged twice.
        byte[] chip = WebcamCheck.chipPhoto();
        DecodedImage image = ImageDecoder.decode(chip);
        assertThat(image.width()).isEqualTo(WebcamCheck.CHIP_WIDTH);
        assertThat(OnnxFaceEngine.mmodScale(image, OnnxFaceEngine.MMOD_PIXELS)).isEqualTo(OnnxFaceEngine.MMOD_MAX_UPSCALE);
        FaceBox found = engine.singleFace(image);
        assertThat(found.width()).isBetween(45, 80);
        assertThat(engine.analyse(chip, AnalysisMode.REFERENCE).embedding()).hasSize(128);
    }

    @Test
    void aFrameOfTheSameCaptureIsSearchedNearTheEarlierFaceAndWhollyWhenItIsNotThere() throws Exception {
        // The flash frames follow the neutral frame a fraction of a second apart: 150 ms of video.
        byte[] first = WebcamCheck.frame(WebcamCheck.FRAMES_AT.get(0));
        byte[] later = WebcamCheck.frame(WebcamCheck.FRAMES_AT.get(0) + 0.15);
        FaceBox earlier = engine.analyse(first, AnalysisMode.IDENTITY).box();
        DecodedImage image = ImageDecoder.decode(later);
        FaceBox whole = engine.singleFace(image);
        FaceBox near = engine.faceNear(image, earlier);
        LOG.info("150 ms later: whole-image search {}, near the earlier face {}", whole, near);
        assertThat(near).isNotNull();
        assertThat(overlap(near, whole)).isGreaterThan(0.7);
        FaceAnalysis guided = engine.analyse(later, AnalysisMode.IDENTITY, earlier);
        FaceAnalysis unguided = engine.analyse(later, AnalysisMode.IDENTITY);
        assertThat(FaceMath.cosine(guided.embedding(), unguided.embedding())).isGreaterThan(0.95);
        // A hint where there is no face finds nothing there; the whole image is searched instead.
        FaceBox corner = new FaceBox(0, 0, 60, 60, 1.0);
        assertThat(engine.faceNear(image, corner)).isNull();
        assertThat(engine.analyse(later, AnalysisMode.IDENTITY, corner).box()).isEqualTo(whole);
        // The reference photo's mode never takes a hint: it must search the whole photo.
        assertThatThrownBy(() -> engine.analyse(FaceTestData.encode(twoFaces(), "png"), AnalysisMode.REFERENCE, corner))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MULTIPLE_FACES));
    }

    /** Intersection over union of two boxes. */
    private static double overlap(FaceBox a, FaceBox b) {
        double w = Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x());
        double h = Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y());
        double inner = Math.max(0, w) * Math.max(0, h);
        return inner / ((double) a.width() * a.height() + (double) b.width() * b.height() - inner);
    }

    @Test
    void aPyramidWithFewerLevelsIsLaidOutAsDlibLaysOutOneThatEndsThere() {
        MmodDetector detector = engine.mmod();
        List<MmodDetector.Rect> full = detector.pyramid(solid(640, 480)).tiles();
        MmodDetector.Pyramid four = detector.pyramid(solid(640, 480), 4);
        assertThat(four.tiles()).hasSize(4);
        assertThat(four.tiles()).extracting(t -> t.right() - t.left())
                .containsExactlyElementsOf(full.subList(0, 4).stream().map(t -> t.right() - t.left()).toList());
        assertThat((long) four.rows() * four.columns()).isLessThan((long) detector.pyramid(solid(640, 480)).rows()
                * detector.pyramid(solid(640, 480)).columns());
        assertThatThrownBy(() -> detector.pyramid(solid(640, 480), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anImageWithoutAFaceHasNoDetection() throws Exception {
        assertThat(engine.mmodDetections(solid(320, 240))).isEmpty();
    }

    @Test
    void aTruncatedOrForeignFileIsRefusedWithTheOffset() throws IOException {
        byte[] dat = Files.readAllBytes(DAT);
        assertThatThrownBy(() -> DlibNet.readMmod(new ByteArrayInputStream(Arrays.copyOf(dat, 300_000))))
                .isInstanceOf(IOException.class).hasMessageContaining("ends at byte 300000");
        assertThatThrownBy(() -> DlibNet.read(new ByteArrayInputStream(dat)))
                .isInstanceOf(IOException.class).hasMessageContaining("metric loss");
        Path resnet = FaceTestData.DIR.getParent().resolve("dlib-models/dlib_face_recognition_resnet_model_v1.dat");
        try (InputStream in = Files.newInputStream(resnet)) {
            assertThatThrownBy(() -> DlibNet.readMmod(in)).isInstanceOf(IOException.class)
                    .hasMessageContaining("loss_mmod_");
        }
    }

    /**
     * Two faces side by side in one 640x480 photo, each under the 160 pixels the first search (at
     * 320x240) sees in such an image, as in the service's two-face reference test.
     */
    private static BufferedImage twoFaces() throws IOException {
        BufferedImage both = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = both.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 640, 480);
        g.drawImage(FaceTestData.image("franck_01829.jpg"), 0, 0, 320, 256, null);
        g.drawImage(ImageIO.read(new ByteArrayInputStream(WebcamCheck.reference())), 320, 0, 320, 240, null);
        g.dispose();
        return both;
    }

    /** A uniform image at dlib's mean colour. */
    private static MmodDetector.RgbImage solid(int width, int height) {
        int[] mean = {123, 117, 104};
        return OnnxFaceEngine.rgb(width, height, (x, y, channel) -> mean[channel]);
    }
}
