package org.alliance.ledger.face;

/**
 * The EXIF orientation of a JPEG (TIFF tag 0x0112 in IFD0 of the APP1 "Exif" segment) and the
 * pixel remapping that shows the image upright.
 *
 * <p>Phones store the sensor's pixels as captured and record how the phone was held in this tag,
 * and ImageIO ignores it: without it a portrait selfie reaches the detector lying on its side and
 * is refused as {@code NO_FACE}. The values are those of EXIF 2.32 §4.6.4 / TIFF 6.0: 1 upright,
 * 2 mirrored, 3 upside down, 4 mirrored upside down, 5 transposed, 6 needs a 90° clockwise turn,
 * 7 transversed, 8 needs a 90° anticlockwise turn.
 *
 * <p>The parser reads untrusted bytes: every offset is bounds-checked, and anything malformed or
 * absent reads as 1 (upright) rather than refusing the upload, because the tag is a display hint
 * and the JPEG decoder separately decides whether the image itself is usable.
 */
final class ExifOrientation {
    /** Upright: no remapping. */
    static final int UPRIGHT = 1;

    private static final int ORIENTATION_TAG = 0x0112;
    private static final int SHORT_TYPE = 3;
    private static final int MARKER_SOS = 0xda;
    private static final int MARKER_APP1 = 0xe1;

    private ExifOrientation() {
    }

    /**
     * The orientation a JPEG declares.
     *
     * @param jpeg the encoded bytes (anything else reads as upright)
     * @return 1 to 8; 1 when there is no valid orientation tag
     */
    static int of(byte[] jpeg) {
        if (jpeg.length < 4 || u8(jpeg, 0) != 0xff || u8(jpeg, 1) != 0xd8) {
            return UPRIGHT;
        }
        int pos = 2;
        // The EXIF segment sits among the headers, before the first scan; stop there.
        while (pos + 4 <= jpeg.length && u8(jpeg, pos) == 0xff) {
            int marker = u8(jpeg, pos + 1);
            if (marker == 0xff) {
                pos++;
                continue;
            }
            if (marker == MARKER_SOS || marker == 0xd9) {
                return UPRIGHT;
            }
            int length = (u8(jpeg, pos + 2) << 8) | u8(jpeg, pos + 3);
            if (length < 2 || pos + 2 + length > jpeg.length) {
                return UPRIGHT;
            }
            if (marker == MARKER_APP1 && isExif(jpeg, pos + 4, length - 2)) {
                return fromTiff(jpeg, pos + 10, pos + 2 + length);
            }
            pos += 2 + length;
        }
        return UPRIGHT;
    }

    private static boolean isExif(byte[] b, int at, int length) {
        return length >= 6 && b[at] == 'E' && b[at + 1] == 'x' && b[at + 2] == 'i' && b[at + 3] == 'f'
                && b[at + 4] == 0 && b[at + 5] == 0;
    }

    /** Reads the orientation from the TIFF structure in {@code [start, end)}. */
    private static int fromTiff(byte[] b, int start, int end) {
        if (end - start < 8) {
            return UPRIGHT;
        }
        boolean little;
        if (b[start] == 'I' && b[start + 1] == 'I') {
            little = true;
        } else if (b[start] == 'M' && b[start + 1] == 'M') {
            little = false;
        } else {
            return UPRIGHT;
        }
        if (u16(b, start + 2, little) != 42) {
            return UPRIGHT;
        }
        long ifd = u32(b, start + 4, little);
        if (ifd < 8 || ifd > end - start - 2) {
            return UPRIGHT;
        }
        int dir = start + (int) ifd;
        int entries = u16(b, dir, little);
        for (int i = 0; i < entries; i++) {
            int entry = dir + 2 + 12 * i;
            if (entry + 12 > end) {
                return UPRIGHT;
            }
            if (u16(b, entry, little) == ORIENTATION_TAG) {
                if (u16(b, entry + 2, little) != SHORT_TYPE || u32(b, entry + 4, little) != 1) {
                    return UPRIGHT;
                }
                int value = u16(b, entry + 8, little);
                return value >= 1 && value <= 8 ? value : UPRIGHT;
            }
        }
        return UPRIGHT;
    }

    /**
     * The image as it is meant to be seen.
     *
     * @param image the stored pixels
     * @param orientation 1 to 8, from {@link #of}
     * @return the upright image (the same object for orientation 1), its digest over the new pixels
     */
    static DecodedImage apply(DecodedImage image, int orientation) {
        if (orientation < 1 || orientation > 8) {
            throw new IllegalArgumentException("EXIF orientation must be 1 to 8, not " + orientation);
        }
        if (orientation == UPRIGHT) {
            return image;
        }
        int w = image.width();
        int h = image.height();
        boolean swap = orientation >= 5;
        int outW = swap ? h : w;
        int outH = swap ? w : h;
        byte[] src = image.bgr();
        byte[] out = new byte[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int u;
                int v;
                switch (orientation) {
                    case 2 -> { u = w - 1 - x; v = y; }
                    case 3 -> { u = w - 1 - x; v = h - 1 - y; }
                    case 4 -> { u = x; v = h - 1 - y; }
                    case 5 -> { u = y; v = x; }
                    case 6 -> { u = h - 1 - y; v = x; }
                    case 7 -> { u = h - 1 - y; v = w - 1 - x; }
                    default -> { u = y; v = w - 1 - x; }
                }
                int from = (y * w + x) * 3;
                int to = (v * outW + u) * 3;
                out[to] = src[from];
                out[to + 1] = src[from + 1];
                out[to + 2] = src[from + 2];
            }
        }
        return DecodedImage.of(outW, outH, out);
    }

    private static int u8(byte[] b, int at) {
        return b[at] & 0xff;
    }

    private static int u16(byte[] b, int at, boolean little) {
        if (at < 0 || at + 2 > b.length) {
            return -1;
        }
        return little ? u8(b, at) | u8(b, at + 1) << 8 : u8(b, at) << 8 | u8(b, at + 1);
    }

    private static long u32(byte[] b, int at, boolean little) {
        if (at < 0 || at + 4 > b.length) {
            return -1;
        }
        long hi = u16(b, at + (little ? 2 : 0), little);
        long lo = u16(b, at + (little ? 0 : 2), little);
        return hi << 16 | lo;
    }
}
