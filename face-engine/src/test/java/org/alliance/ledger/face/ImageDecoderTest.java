package org.alliance.ledger.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import org.alliance.ledger.face.ImageRejectedException.Reason;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

    @Test
    void decodesAJpegToBgrWithAStableDigest() throws ImageRejectedException {
        byte[] jpeg = FaceTestData.bytes("obama.jpg");
        DecodedImage a = ImageDecoder.decode(jpeg);
        DecodedImage b = ImageDecoder.decode(jpeg);
        assertThat(a.width()).isPositive();
        assertThat(a.bgr()).hasSize(a.width() * a.height() * 3);
        assertThat(a.digest()).isEqualTo(b.digest()).matches("[0-9a-f]{64}");
    }

    @Test
    void differentPixelsGiveDifferentDigests() throws ImageRejectedException {
        BufferedImage one = new BufferedImage(8, 8, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage two = new BufferedImage(8, 8, BufferedImage.TYPE_3BYTE_BGR);
        two.setRGB(3, 3, 0x010101);
        assertThat(ImageDecoder.decode(FaceTestData.encode(one, "png")).digest())
                .isNotEqualTo(ImageDecoder.decode(FaceTestData.encode(two, "png")).digest());
    }

    @Test
    void textIsNotAnImage() {
        assertRejected("hello, this is not a picture".getBytes(StandardCharsets.UTF_8), Reason.NOT_AN_IMAGE);
        assertRejected(new byte[0], Reason.NOT_AN_IMAGE);
    }

    @Test
    void otherImageFormatsAreNotAccepted() {
        assertRejected(FaceTestData.encode(new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR), "gif"),
                Reason.NOT_AN_IMAGE);
    }

    @Test
    void truncatedJpegIsRefused() {
        byte[] jpeg = FaceTestData.bytes("obama.jpg");
        assertRejected(Arrays.copyOf(jpeg, jpeg.length * 6 / 10), Reason.TRUNCATED);
    }

    @Test
    void truncatedPngIsRefused() {
        byte[] png = FaceTestData.bytes("32bit.png");
        assertRejected(Arrays.copyOf(png, png.length / 2), Reason.TRUNCATED);
    }

    @Test
    void fiftyMegapixelHeaderIsRefusedBeforeDecoding() throws IOException {
        // 8000 x 6250 declared; the pixel data is never produced, so nothing large is allocated.
        assertRejected(png(8000, 6250, 0), Reason.TOO_MANY_PIXELS);
    }

    @Test
    void decompressionBombIsRefused() throws IOException {
        // 4800 x 4800 = 23 megapixels, under the pixel limit, deflated from zeros to about 23 KB.
        byte[] bomb = png(4800, 4800, 4800);
        assertThat(bomb.length).isLessThan(100_000);
        assertRejected(bomb, Reason.DECOMPRESSION_BOMB);
    }

    private static void assertRejected(byte[] data, Reason reason) {
        assertThatThrownBy(() -> ImageDecoder.decode(data)).isInstanceOfSatisfying(ImageRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    /** A greyscale PNG of the declared size whose first {@code rows} rows of zeros are actually encoded. */
    private static byte[] png(int width, int height, int rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {8, 0, 0, 0, 0});
        chunk(out, "IHDR", ihdr.toByteArray());
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(idat)) {
            byte[] row = new byte[width + 1];
            for (int i = 0; i < rows; i++) {
                deflate.write(row);
            }
        }
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        d.writeInt(data.length);
        d.write(name);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }
}
