package org.alliance.ledger.face;

import java.awt.image.BufferedImage;

/**
 * A face filmed in front of a flashing screen, rendered: the screen's light adds to the room's,
 * so each channel the colour lights is multiplied by {@code 1 + strength} (what a lit surface of
 * that reflectance sends back), the others are left as they were.
 */
public final class FlashTint {
    /**
     * The default strength: a phone or kiosk screen at arm's length brightens the lit channels of
     * a face by a fifth in an ordinary room, less in daylight.
     */
    public static final double STRENGTH = 0.2;

    private FlashTint() {
    }

    /**
     * A frame as it looks under a screen colour.
     *
     * @param frame the frame under the room's light only
     * @param colour the colour on the screen, or null for none
     * @param strength how much the lit channels brighten, as a fraction
     * @return a new image; the frame itself is not changed
     */
    public static BufferedImage tint(BufferedImage frame, FlashColour colour, double strength) {
        BufferedImage out = new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        double[] gain = {1, 1, 1};
        if (colour != null) {
            double[] rgb = colour.rgb();
            for (int c = 0; c < 3; c++) {
                gain[c] = 1 + strength * rgb[c];
            }
        }
        for (int y = 0; y < frame.getHeight(); y++) {
            for (int x = 0; x < frame.getWidth(); x++) {
                int p = frame.getRGB(x, y);
                int r = scale((p >> 16) & 0xff, gain[0]);
                int g = scale((p >> 8) & 0xff, gain[1]);
                int b = scale(p & 0xff, gain[2]);
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return out;
    }

    /**
     * The colour opposite in hue (red and cyan, green and magenta, blue and yellow): what a video
     * made for another sequence shows at worst.
     *
     * @param colour a palette colour, or null
     * @return its opposite, or null
     */
    public static FlashColour opposite(FlashColour colour) {
        FlashColour[] palette = FlashColour.values();
        return colour == null ? null : palette[(colour.ordinal() + palette.length / 2) % palette.length];
    }

    private static int scale(int value, double gain) {
        return (int) Math.min(255, Math.round(value * gain));
    }
}
