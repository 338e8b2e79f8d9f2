package org.alliance.ledger.face;

/**
 * The mean colour of a face's skin, where a screen's light reflects most evenly: the band of cheeks
 * and nose below the eyes and above the mouth, read from the face box rather than from landmarks
 * so that it does not depend on the landmark model. Dark pixels (nostrils, shadow) and clipped ones
 * (highlights, which no longer change with the light) are left out.
 */
final class SkinColour {
    /** The band, as fractions of the face box: left, right, top, bottom. */
    private static final double LEFT = 0.2;
    private static final double RIGHT = 0.8;
    private static final double TOP = 0.45;
    private static final double BOTTOM = 0.7;
    private static final int DARK = 16;
    private static final int CLIPPED = 250;

    private SkinColour() {
    }

    /**
     * The mean skin colour of a face.
     *
     * @param image the decoded image
     * @param box the face
     * @return red, green and blue means 0..255, or null if the band has no usable pixel
     */
    static double[] of(DecodedImage image, FaceBox box) {
        int x0 = Math.max(0, (int) Math.round(box.x() + LEFT * box.width()));
        int x1 = Math.min(image.width(), (int) Math.round(box.x() + RIGHT * box.width()));
        int y0 = Math.max(0, (int) Math.round(box.y() + TOP * box.height()));
        int y1 = Math.min(image.height(), (int) Math.round(box.y() + BOTTOM * box.height()));
        double[] sum = new double[3];
        long count = 0;
        byte[] bgr = image.bgr();
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int i = (y * image.width() + x) * 3;
                int b = bgr[i] & 0xff;
                int g = bgr[i + 1] & 0xff;
                int r = bgr[i + 2] & 0xff;
                if (Math.min(r, Math.min(g, b)) < DARK || Math.max(r, Math.max(g, b)) > CLIPPED) {
                    continue;
                }
                sum[0] += r;
                sum[1] += g;
                sum[2] += b;
                count++;
            }
        }
        return count == 0 ? null : new double[] {sum[0] / count, sum[1] / count, sum[2] / count};
    }
}
