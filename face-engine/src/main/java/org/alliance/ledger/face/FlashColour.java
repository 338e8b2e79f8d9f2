package org.alliance.ledger.face;

/**
 * The screen colours of a colour-flash challenge: the three primaries and the three secondaries,
 * the six fully saturated colours a screen can show. In the plane of chromaticity they lie 60°
 * apart, so two different colours of the palette are never closer than 60° and a reflection of
 * one cannot be taken for another.
 */
public enum FlashColour {
    /** Red. */
    RED(1, 0, 0),
    /** Yellow. */
    YELLOW(1, 1, 0),
    /** Green. */
    GREEN(0, 1, 0),
    /** Cyan. */
    CYAN(0, 1, 1),
    /** Blue. */
    BLUE(0, 0, 1),
    /** Magenta. */
    MAGENTA(1, 0, 1);

    private final int red;
    private final int green;
    private final int blue;

    FlashColour(int red, int green, int blue) {
        this.red = red;
        this.green = green;
        this.blue = blue;
    }

    /**
     * The colour as CSS writes it.
     *
     * @return {@code #rrggbb}, lowercase
     */
    public String css() {
        return String.format("#%02x%02x%02x", red * 255, green * 255, blue * 255);
    }

    /**
     * The colour's channels.
     *
     * @return red, green and blue, each 0 or 1
     */
    public double[] rgb() {
        return new double[] {red, green, blue};
    }

    /**
     * The chromaticity this colour's light adds to a face, up to scale: its channels minus their
     * mean. Light of a binary colour multiplies the lit channels by one gain and leaves the others,
     * so in log chromaticity the change is this vector times an unknown strength.
     *
     * @return three numbers that sum to 0
     */
    double[] chroma() {
        double mean = (red + green + blue) / 3.0;
        return new double[] {red - mean, green - mean, blue - mean};
    }
}
