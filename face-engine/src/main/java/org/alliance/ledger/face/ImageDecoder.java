package org.alliance.ledger.face;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import org.alliance.ledger.face.ImageRejectedException.Reason;

/**
 * Decodes untrusted JPEG and PNG uploads without letting them exhaust memory: the dimensions
 * are read from the header and judged before a single pixel is decoded. A JPEG is turned
 * upright by its EXIF orientation ({@link ExifOrientation}), as phones expect viewers to do.
 */
final class ImageDecoder {
    /** The largest image accepted, in pixels (25 megapixels). */
    static final long MAX_PIXELS = 25_000_000L;
    /**
     * Decoded images above this size must not expand more than {@link #MAX_EXPANSION} times
     * their encoded size. Real photos compress 5 to 30 times; a deflate bomb compresses about a
     * thousand times, and small images are harmless whatever their ratio.
     */
    static final long BOMB_CHECK_ABOVE_BYTES = 16L * 1024 * 1024;
    static final long MAX_EXPANSION = 200;

    private static final byte[] PNG_IEND = {'I', 'E', 'N', 'D'};
    /** How far from the end the end marker may sit: some encoders pad after it. */
    private static final int END_MARKER_WINDOW = 1024;

    static {
        // A disk cache would let a hostile stream spill to /tmp; decoding is from memory anyway.
        ImageIO.setUseCache(false);
    }

    private ImageDecoder() {
    }

    /**
     * Decodes an encoded JPEG or PNG image.
     *
     * @param encoded the encoded bytes
     * @return the pixels
     * @throws ImageRejectedException if the bytes are not a usable JPEG/PNG image
     */
    static DecodedImage decode(byte[] encoded) throws ImageRejectedException {
        if (encoded == null || encoded.length == 0) {
            throw new ImageRejectedException(Reason.NOT_AN_IMAGE, "empty upload");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
            ImageReader reader = jpegOrPngReader(in);
            try {
                reader.setInput(in, true, true);
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                long width;
                long height;
                try {
                    width = reader.getWidth(0);
                    height = reader.getHeight(0);
                } catch (EOFException e) {
                    throw new ImageRejectedException(Reason.TRUNCATED, "image ends inside its header");
                } catch (IOException | RuntimeException e) {
                    throw new ImageRejectedException(Reason.NOT_AN_IMAGE, "unreadable " + format + " header");
                }
                checkSize(width, height, encoded.length);
                if (!hasEndMarker(format, encoded)) {
                    throw new ImageRejectedException(Reason.TRUNCATED, format + " data ends before its end marker");
                }
                AtomicBoolean corrupt = new AtomicBoolean();
                reader.addIIOReadWarningListener(warningFlag(corrupt));
                BufferedImage image;
                try {
                    image = reader.read(0);
                } catch (EOFException e) {
                    throw new ImageRejectedException(Reason.TRUNCATED, format + " data ends early");
                } catch (IOException | RuntimeException e) {
                    throw new ImageRejectedException(Reason.NOT_AN_IMAGE, "undecodable " + format + " data");
                }
                if (corrupt.get()) {
                    throw new ImageRejectedException(Reason.TRUNCATED, format + " data is incomplete");
                }
                DecodedImage pixels = toBgr(image);
                return format.equals("png") ? pixels : ExifOrientation.apply(pixels, ExifOrientation.of(encoded));
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new ImageRejectedException(Reason.NOT_AN_IMAGE, "unreadable image stream");
        }
    }

    private static ImageReader jpegOrPngReader(ImageInputStream in) throws ImageRejectedException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        while (readers.hasNext()) {
            ImageReader candidate = readers.next();
            try {
                String format = candidate.getFormatName().toLowerCase(Locale.ROOT);
                if (format.equals("jpeg") || format.equals("jpg") || format.equals("png")) {
                    return candidate;
                }
            } catch (IOException e) {
                candidate.dispose();
                continue;
            }
            candidate.dispose();
        }
        throw new ImageRejectedException(Reason.NOT_AN_IMAGE, "not a JPEG or PNG image");
    }

    private static void checkSize(long width, long height, int encodedLength) throws ImageRejectedException {
        if (width <= 0 || height <= 0) {
            throw new ImageRejectedException(Reason.NOT_AN_IMAGE, "image has no pixels");
        }
        long pixels = width * height;
        if (pixels > MAX_PIXELS) {
            throw new ImageRejectedException(Reason.TOO_MANY_PIXELS,
                    width + "x" + height + " exceeds " + MAX_PIXELS + " pixels");
        }
        long decodedBytes = pixels * 3;
        if (decodedBytes > BOMB_CHECK_ABOVE_BYTES && decodedBytes / encodedLength > MAX_EXPANSION) {
            throw new ImageRejectedException(Reason.DECOMPRESSION_BOMB, width + "x" + height
                    + " from " + encodedLength + " bytes would expand more than " + MAX_EXPANSION + " times");
        }
    }

    /**
     * Whether the stream ends with its format's end marker: ImageIO decodes a cut-off JPEG
     * without error (grey lower half), so the marker is the reliable truncation signal.
     */
    private static boolean hasEndMarker(String format, byte[] data) {
        int from = Math.max(0, data.length - END_MARKER_WINDOW);
        if (format.equals("png")) {
            for (int i = data.length - PNG_IEND.length; i >= from; i--) {
                if (data[i] == PNG_IEND[0] && data[i + 1] == PNG_IEND[1] && data[i + 2] == PNG_IEND[2]
                        && data[i + 3] == PNG_IEND[3]) {
                    return true;
                }
            }
            return false;
        }
        for (int i = data.length - 2; i >= from; i--) {
            if ((data[i] & 0xff) == 0xff && (data[i + 1] & 0xff) == 0xd9) {
                return true;
            }
        }
        return false;
    }

    private static IIOReadWarningListener warningFlag(AtomicBoolean flag) {
        // The JPEG reader reports "Premature end of JPEG file" as a warning, not an exception.
        return (source, warning) -> flag.set(true);
    }

    private static DecodedImage toBgr(BufferedImage image) {
        BufferedImage bgr = image;
        if (image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
            var g = bgr.createGraphics();
            try {
                g.drawImage(image, 0, 0, null);
            } finally {
                g.dispose();
            }
        }
        byte[] pixels = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        return DecodedImage.of(bgr.getWidth(), bgr.getHeight(), pixels);
    }
}
