package org.alliance.ledger.face;

import java.nio.ByteBuffer;

/**
 * A decoded image as interleaved 8-bit BGR pixels, row by row.
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param bgr {@code width * height * 3} bytes, blue first
 * @param digest lowercase hex SHA-256 of the dimensions and pixels, so repeated frames are recognisable
 */
record DecodedImage(int width, int height, byte[] bgr, String digest) {
    DecodedImage {
        if (width <= 0 || height <= 0 || bgr.length != width * height * 3) {
            throw new IllegalArgumentException("pixel buffer does not match " + width + "x" + height);
        }
    }

    /**
     * Wraps pixels and computes their digest.
     *
     * @param width width in pixels
     * @param height height in pixels
     * @param bgr {@code width * height * 3} bytes, blue first
     * @return the image
     */
    static DecodedImage of(int width, int height, byte[] bgr) {
        return new DecodedImage(width, height, bgr,
                Hashes.sha256Hex(ByteBuffer.allocate(8).putInt(width).putInt(height).array(), bgr));
    }

    /**
     * One channel of one pixel, or 0 outside the image (a black border, as a letterbox needs).
     *
     * @param x column
     * @param y row
     * @param channel 0 blue, 1 green, 2 red
     * @return the value 0..255
     */
    int at(int x, int y, int channel) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            return 0;
        }
        return bgr[(y * width + x) * 3 + channel] & 0xff;
    }
}
