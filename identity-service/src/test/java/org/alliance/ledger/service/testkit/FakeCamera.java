package org.alliance.ledger.service.testkit;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Chromium's fake camera, fed from a y4m video: a text header, then per frame the line FRAME and
 * the Y, Cb and Cr planes of 4:2:0 (BT.601, limited range), the one format Chromium's fake capture
 * device reads from a file. It plays the file in a loop.
 */
public final class FakeCamera {
    private FakeCamera() {
    }

    /**
     * Chromium's arguments for a fake camera showing a video, with the permission granted.
     *
     * @param video the y4m file
     * @return the arguments
     */
    public static List<String> args(Path video) {
        return List.of("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-video-capture=" + video);
    }

    /**
     * Writes a video that shows each picture for a number of frames, in order; the pictures share
     * one even width and height. The file appears whole or not at all (written beside, then moved).
     *
     * @param file the y4m file
     * @param fps frames a second
     * @param pictures the pictures
     * @param framesEach how many frames each picture is held
     * @return the file
     * @throws IOException if it cannot be written
     */
    public static Path video(Path file, int fps, List<BufferedImage> pictures, int framesEach) throws IOException {
        int w = pictures.getFirst().getWidth();
        int h = pictures.getFirst().getHeight();
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial))) {
            out.write(("YUV4MPEG2 W" + w + " H" + h + " F" + fps + ":1 Ip A1:1 C420jpeg\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (BufferedImage picture : pictures) {
                byte[] planes = i420(picture);
                for (int i = 0; i < framesEach; i++) {
                    out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                    out.write(planes);
                }
            }
        }
        return Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Y, then Cb and Cr of each 2x2 block's mean colour; BT.601 with luma in 16..235; a y4m frame's planes. */
    static byte[] i420(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] planes = new byte[w * h * 3 / 2];
        int cb = w * h;
        int cr = cb + w * h / 4;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                planes[y * w + x] = (byte) Math.round(16 + (65.481 * red(rgb) + 128.553 * green(rgb)
                        + 24.966 * blue(rgb)) / 255);
            }
        }
        for (int y = 0; y < h; y += 2) {
            for (int x = 0; x < w; x += 2) {
                double r = 0;
                double g = 0;
                double b = 0;
                for (int[] d : new int[][] {{0, 0}, {1, 0}, {0, 1}, {1, 1}}) {
                    int rgb = image.getRGB(x + d[0], y + d[1]);
                    r += red(rgb) / 4.0;
                    g += green(rgb) / 4.0;
                    b += blue(rgb) / 4.0;
                }
                int c = (y / 2) * (w / 2) + x / 2;
                planes[cb + c] = (byte) Math.round(128 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255);
                planes[cr + c] = (byte) Math.round(128 + (112.0 * r - 93.786 * g - 18.214 * b) / 255);
            }
        }
        return planes;
    }

    private static int red(int rgb) {
        return (rgb >> 16) & 0xff;
    }

    private static int green(int rgb) {
        return (rgb >> 8) & 0xff;
    }

    private static int blue(int rgb) {
        return rgb & 0xff;
    }
}
