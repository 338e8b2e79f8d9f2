package org.alliance.ledger.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExifOrientationTest {
    private static final int W = 64;
    private static final int H = 32;
    /** Corner colours of the stored image: top left, top right, bottom left, bottom right. */
    private static final Color[] CORNERS = {Color.RED, Color.GREEN, Color.BLUE, Color.YELLOW};

    /**
     * Where the stored image's top-left and top-right corners must end up, written out from the
     * EXIF meaning of each value rather than from the implementation's formulas.
     */
    @ParameterizedTest(name = "orientation {0}: top-left to {1}, top-right to {2}")
    @CsvSource({
        "1, TL, TR", // as stored
        "2, TR, TL", // mirrored left-right
        "3, BR, BL", // upside down
        "4, BL, BR", // mirrored top-bottom
        "5, TL, BL", // transposed about the main diagonal
        "6, TR, BR", // turned 90 degrees clockwise
        "7, BR, TR", // transposed about the other diagonal
        "8, BL, TL", // turned 90 degrees anticlockwise
    })
    void everyOrientationShowsTheStoredImageUpright(int orientation, String topLeft, String topRight)
            throws ImageRejectedException {
        byte[] stored = FaceTestData.encode(quadrants(), "jpg");
        DecodedImage plain = ImageDecoder.decode(stored);
        DecodedImage shown = ImageDecoder.decode(withOrientation(stored, orientation, orientation % 2 == 0));

        boolean swapped = orientation >= 5;
        assertThat(shown.width()).isEqualTo(swapped ? H : W);
        assertThat(shown.height()).isEqualTo(swapped ? W : H);
        assertColour(shown, topLeft, CORNERS[0]);
        assertColour(shown, topRight, CORNERS[1]);
        if (orientation == 1) {
            assertThat(shown.digest()).isEqualTo(plain.digest());
        } else {
            // The digest covers the pixels as shown, so a re-tagged copy is a different frame.
            assertThat(shown.digest()).isNotEqualTo(plain.digest());
        }
    }

    @Test
    void aPortraitPhoneSelfieStoredSidewaysIsAnalysedUpright() throws ImageRejectedException {
        OnnxFaceEngine engine = FaceTestData.engine();
        BufferedImage upright = FaceTestData.image("obama.jpg");
        // A phone held upright stores the sensor's landscape pixels, turned a quarter anticlockwise,
        // and tags them 6 ("turn 90 degrees clockwise to view").
        byte[] sideways = withOrientation(FaceTestData.encode(rotateAnticlockwise(upright), "jpg"), 6, true);

        FaceAnalysis reference = engine.analyse(FaceTestData.encode(upright, "jpg"));
        FaceAnalysis tagged = engine.analyse(sideways);

        assertThat(FaceMath.cosine(reference.embedding(), tagged.embedding()))
                .isGreaterThanOrEqualTo(engine.matchPolicy().threshold());
    }

    @Test
    void bigAndLittleEndianTagsAreBothRead() {
        byte[] jpeg = FaceTestData.encode(quadrants(), "jpg");
        assertThat(ExifOrientation.of(withOrientation(jpeg, 8, true))).isEqualTo(8);
        assertThat(ExifOrientation.of(withOrientation(jpeg, 8, false))).isEqualTo(8);
    }

    @Test
    void missingOrMalformedTagsReadAsUpright() {
        byte[] jpeg = FaceTestData.encode(quadrants(), "jpg");
        assertThat(ExifOrientation.of(jpeg)).isEqualTo(1);
        assertThat(ExifOrientation.of(withOrientation(jpeg, 9, true))).isEqualTo(1);
        assertThat(ExifOrientation.of(withOrientation(jpeg, 0, false))).isEqualTo(1);
        assertThat(ExifOrientation.of(new byte[0])).isEqualTo(1);
        assertThat(ExifOrientation.of("not a jpeg".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEqualTo(1);
        byte[] tagged = withOrientation(jpeg, 6, true);
        // Cut inside the EXIF segment: its declared length runs past the data.
        assertThat(ExifOrientation.of(Arrays.copyOf(tagged, 20))).isEqualTo(1);
    }

    @Test
    void onlyTheEightDefinedOrientationsAreApplied() throws ImageRejectedException {
        DecodedImage image = ImageDecoder.decode(FaceTestData.encode(quadrants(), "png"));
        assertThatThrownBy(() -> ExifOrientation.apply(image, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExifOrientation.apply(image, 9)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ExifOrientation.apply(image, 1)).isSameAs(image);
    }

    @Property(tries = 2000)
    void anyBytesInTheExifSegmentReadAsAValidOrientation(@ForAll @Size(max = 120) byte[] tiff) {
        byte[] jpeg = FaceTestData.encode(quadrants(), "jpg");
        byte[] segment = app1(tiff);
        assertThat(ExifOrientation.of(insertAfterSoi(jpeg, segment))).isBetween(1, 8);
        // The same bytes with a valid header in front, so the parser walks the directory itself.
        byte[] headed = new byte[8 + tiff.length];
        System.arraycopy(new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0}, 0, headed, 0, 8);
        System.arraycopy(tiff, 0, headed, 8, tiff.length);
        assertThat(ExifOrientation.of(insertAfterSoi(jpeg, app1(headed)))).isBetween(1, 8);
    }

    private static BufferedImage quadrants() {
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        try {
            int[][] at = {{0, 0}, {W / 2, 0}, {0, H / 2}, {W / 2, H / 2}};
            for (int i = 0; i < 4; i++) {
                g.setColor(CORNERS[i]);
                g.fillRect(at[i][0], at[i][1], W / 2, H / 2);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static BufferedImage rotateAnticlockwise(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getHeight(), image.getWidth(), BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                out.setRGB(y, image.getWidth() - 1 - x, image.getRGB(x, y));
            }
        }
        return out;
    }

    private static void assertColour(DecodedImage image, String corner, Color expected) {
        int x = corner.charAt(1) == 'L' ? 2 : image.width() - 3;
        int y = corner.charAt(0) == 'T' ? 2 : image.height() - 3;
        // JPEG keeps flat colour blocks to within a few levels.
        assertThat(image.at(x, y, 2)).as("red at " + corner).isCloseTo(expected.getRed(), within(12));
        assertThat(image.at(x, y, 1)).as("green at " + corner).isCloseTo(expected.getGreen(), within(12));
        assertThat(image.at(x, y, 0)).as("blue at " + corner).isCloseTo(expected.getBlue(), within(12));
    }

    /** The JPEG with an EXIF segment holding one IFD0 entry: Orientation, SHORT, count 1. */
    static byte[] withOrientation(byte[] jpeg, int orientation, boolean littleEndian) {
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        if (littleEndian) {
            tiff.writeBytes(new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0,
                (byte) orientation, 0, 0, 0, 0, 0, 0, 0});
        } else {
            tiff.writeBytes(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1,
                0, (byte) orientation, 0, 0, 0, 0, 0, 0});
        }
        return insertAfterSoi(jpeg, app1(tiff.toByteArray()));
    }

    private static byte[] app1(byte[] tiff) {
        int length = 2 + 6 + tiff.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xff, (byte) 0xe1, (byte) (length >> 8), (byte) length,
            'E', 'x', 'i', 'f', 0, 0});
        out.writeBytes(tiff);
        return out.toByteArray();
    }

    private static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
        byte[] out = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(segment, 0, out, 2, segment.length);
        System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
        return out;
    }
}
