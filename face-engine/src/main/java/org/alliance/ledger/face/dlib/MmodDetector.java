package org.alliance.ledger.face.dlib;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of dlib's MMOD CNN face detector that are not the network: the image pyramid its
 * input layer tiles into one tensor ({@code input_rgb_image_pyramid<pyramid_down<6>>}), and the
 * loss layer's reading of the network's output ({@code loss_mmod_::to_label}): each output cell
 * above the threshold is a detector window centred where the cell maps back into the tiled
 * image, mapped from its pyramid tile back to the image, then non-max suppressed as dlib does.
 * The network itself is the ONNX graph {@link DlibToOnnx} writes, whose metadata carries the
 * {@link Settings} this class needs.
 *
 * <p>Every step follows dlib 20.0's code (compute_tiled_image_pyramid_details,
 * resize_bilinear, map_output_to_input, tiled_pyramid_to_image, test_box_overlap), including its
 * rounding, so the boxes are dlib's boxes.
 */
public final class MmodDetector {
    /** Tiles narrower than this are not added to the pyramid (dlib's {@code min_height}). */
    private static final int MIN_TILE_HEIGHT = 5;
    private static final String KEY_PREFIX = "dlib.mmod.";

    private final Settings settings;

    /**
     * A detector with these settings.
     *
     * @param settings the settings, usually from the graph's metadata
     */
    public MmodDetector(Settings settings) {
        this.settings = settings;
    }

    /**
     * The settings.
     *
     * @return them
     */
    public Settings settings() {
        return settings;
    }

    /**
     * The shortest side of the detector's windows: at any scale, a face smaller than this in
     * the detector's input is not found.
     *
     * @return pixels of the detector's input
     */
    public long smallestWindow() {
        return settings.windows().stream().mapToLong(w -> Math.min(w[0], w[1])).min().orElseThrow();
    }

    /**
     * How much larger, in the image, the faces one pyramid level finds are than those of the level
     * above: {@code N/(N-1)} for {@code pyramid_down<N>}.
     *
     * @return the ratio, 1.2 for dlib's detector
     */
    public double levelScale() {
        return settings.pyramidDown() / (settings.pyramidDown() - 1.0);
    }

    /**
     * The detector's settings: the input layer's pyramid and mean, the loss layer's windows and
     * non-max suppression, and where an output cell lies in the input tensor (the composition of
     * every convolution's {@code map_output_to_input}: {@code in = scale·out + offset}).
     *
     * @param mean per-channel value subtracted from 0..255 RGB before dividing by 256
     * @param pyramidDown each pyramid level is {@code (N-1)/N} of the one above
     * @param padding pixels between pyramid tiles
     * @param outerPadding pixels around the tiled pyramid
     * @param windows detector windows {width, height}, one per output channel
     * @param nmsIou overlap (intersection over the bounding box of both) above which the weaker is dropped
     * @param nmsCovered fraction of either box covered above which the weaker is dropped
     * @param scale output-to-input scale {x, y}
     * @param offset output-to-input offset {x, y}
     */
    public record Settings(float[] mean, int pyramidDown, int padding, int outerPadding, List<long[]> windows,
            double nmsIou, double nmsCovered, double[] scale, double[] offset) {
        /** Checks the values. */
        public Settings {
            if (mean.length != 3 || pyramidDown < 2 || padding < 0 || outerPadding < 0 || windows.isEmpty()
                    || scale.length != 2 || offset.length != 2) {
                throw new IllegalArgumentException("inconsistent MMOD detector settings");
            }
            windows = List.copyOf(windows);
        }

        /**
         * The settings as ONNX metadata entries.
         *
         * @return key-value pairs, all keys starting {@code dlib.mmod.}
         */
        public Map<String, String> toMetadata() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put(KEY_PREFIX + "mean", mean[0] + "," + mean[1] + "," + mean[2]);
            m.put(KEY_PREFIX + "pyramidDown", Integer.toString(pyramidDown));
            m.put(KEY_PREFIX + "padding", Integer.toString(padding));
            m.put(KEY_PREFIX + "outerPadding", Integer.toString(outerPadding));
            List<String> w = new ArrayList<>();
            for (long[] window : windows) {
                w.add(window[0] + "x" + window[1]);
            }
            m.put(KEY_PREFIX + "windows", String.join(",", w));
            m.put(KEY_PREFIX + "nmsIou", Double.toString(nmsIou));
            m.put(KEY_PREFIX + "nmsCovered", Double.toString(nmsCovered));
            m.put(KEY_PREFIX + "scale", scale[0] + "," + scale[1]);
            m.put(KEY_PREFIX + "offset", offset[0] + "," + offset[1]);
            return m;
        }

        /**
         * Reads settings from ONNX metadata.
         *
         * @param metadata the session's custom metadata
         * @return the settings, or null if the metadata has none (another kind of detector)
         * @throws IllegalArgumentException if they are present but incomplete
         */
        public static Settings fromMetadata(Map<String, String> metadata) {
            if (!metadata.containsKey(KEY_PREFIX + "windows")) {
                return null;
            }
            try {
                String[] mean = get(metadata, "mean").split(",");
                List<long[]> windows = new ArrayList<>();
                for (String w : get(metadata, "windows").split(",")) {
                    String[] wh = w.split("x");
                    windows.add(new long[] {Long.parseLong(wh[0]), Long.parseLong(wh[1])});
                }
                String[] scale = get(metadata, "scale").split(",");
                String[] offset = get(metadata, "offset").split(",");
                return new Settings(new float[] {Float.parseFloat(mean[0]), Float.parseFloat(mean[1]),
                    Float.parseFloat(mean[2])}, Integer.parseInt(get(metadata, "pyramidDown")),
                        Integer.parseInt(get(metadata, "padding")), Integer.parseInt(get(metadata, "outerPadding")),
                        windows, Double.parseDouble(get(metadata, "nmsIou")),
                        Double.parseDouble(get(metadata, "nmsCovered")),
                        new double[] {Double.parseDouble(scale[0]), Double.parseDouble(scale[1])},
                        new double[] {Double.parseDouble(offset[0]), Double.parseDouble(offset[1])});
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("unreadable MMOD detector metadata: " + e.getMessage(), e);
            }
        }

        private static String get(Map<String, String> metadata, String key) {
            String value = metadata.get(KEY_PREFIX + key);
            if (value == null) {
                throw new IllegalArgumentException("missing " + KEY_PREFIX + key);
            }
            return value;
        }
    }

    /** An 8-bit RGB image. */
    public interface RgbImage {
        /**
         * The width.
         *
         * @return pixels
         */
        int width();

        /**
         * The height.
         *
         * @return pixels
         */
        int height();

        /**
         * One channel of one pixel.
         *
         * @param x column
         * @param y row
         * @param channel 0 red, 1 green, 2 blue
         * @return 0..255
         */
        int rgb(int x, int y, int channel);
    }

    /**
     * dlib's inclusive integer rectangle.
     *
     * @param left left column
     * @param top top row
     * @param right right column (inclusive)
     * @param bottom bottom row (inclusive)
     */
    public record Rect(long left, long top, long right, long bottom) {
        long width() {
            return right < left ? 0 : right - left + 1;
        }

        long height() {
            return bottom < top ? 0 : bottom - top + 1;
        }

        long area() {
            return width() * height();
        }

        Rect intersect(Rect o) {
            return new Rect(Math.max(left, o.left), Math.max(top, o.top), Math.min(right, o.right),
                    Math.min(bottom, o.bottom));
        }

        /** dlib's {@code a + b}: the smallest rectangle holding both. */
        Rect hull(Rect o) {
            return new Rect(Math.min(left, o.left), Math.min(top, o.top), Math.max(right, o.right),
                    Math.max(bottom, o.bottom));
        }

        boolean contains(long x, long y) {
            return left <= x && x <= right && top <= y && y <= bottom;
        }
    }

    /**
     * One detection in image pixels.
     *
     * @param rect the box, dlib's inclusive rectangle
     * @param confidence the network's output at the cell
     */
    public record Detection(Rect rect, double confidence) {
    }

    /**
     * The tiled pyramid of one image as the network's input tensor.
     *
     * @param tensor planar 3×rows×columns, zero outside the tiles
     * @param rows tensor rows
     * @param columns tensor columns
     * @param tiles each level's place in the tensor, full-size image first
     */
    public record Pyramid(float[] tensor, int rows, int columns, List<Rect> tiles) {
    }

    /**
     * Builds the input tensor: the image at the top left, normalised, each smaller level a
     * bilinear resize of the previous tile, placed as dlib places them.
     *
     * @param image the image
     * @return the tensor and the tiles
     */
    public Pyramid pyramid(RgbImage image) {
        return pyramid(image, Integer.MAX_VALUE);
    }

    /**
     * Builds the input tensor with at most this many levels, the largest first, laid out as dlib
     * lays out a pyramid that ends there. The network is fully convolutional, so leaving levels
     * out only leaves out the larger faces they would find: a search for small faces needs only
     * the largest levels, where a face of the window's size is smallest in the image.
     *
     * @param image the image
     * @param maxLevels the most levels, at least 1
     * @return the tensor and the tiles
     */
    public Pyramid pyramid(RgbImage image, int maxLevels) {
        if (maxLevels < 1) {
            throw new IllegalArgumentException("a pyramid needs at least one level");
        }
        long[] size = new long[2];
        List<Rect> tiles = tiles(image.height(), image.width(), size, maxLevels);
        int rows = (int) size[0];
        int cols = (int) size[1];
        float[] t = new float[3 * rows * cols];
        Rect first = tiles.get(0);
        for (int ch = 0; ch < 3; ch++) {
            int plane = ch * rows * cols;
            float mean = settings.mean()[ch];
            for (int y = 0; y < image.height(); y++) {
                int row = plane + (int) (first.top() + y) * cols + (int) first.left();
                for (int x = 0; x < image.width(); x++) {
                    t[row + x] = (float) ((image.rgb(x, y, ch) - mean) / 256.0);
                }
            }
        }
        for (int i = 1; i < tiles.size(); i++) {
            for (int ch = 0; ch < 3; ch++) {
                resizeBilinear(t, ch * rows * cols, cols, tiles.get(i - 1), tiles.get(i));
            }
        }
        return new Pyramid(t, rows, cols, tiles);
    }

    /** {@code impl::compute_tiled_image_pyramid_details}; size receives {rows, columns}. */
    List<Rect> tiles(long nr, long nc, long[] size, int maxLevels) {
        List<Rect> rects = new ArrayList<>();
        if (nr * nc == 0) {
            throw new IllegalArgumentException("empty image");
        }
        rects.add(new Rect(0, 0, nc - 1, nr - 1));
        double rate = (settings.pyramidDown() - 1.0) / settings.pyramidDown();
        while (rects.size() < maxLevels) {
            nr = (long) Math.floor(rate * nr);
            nc = (long) Math.floor(rate * nc);
            if (nr * nc == 0 || nr < MIN_TILE_HEIGHT) {
                break;
            }
            rects.add(new Rect(0, 0, nc - 1, nr - 1));
        }
        long padding = settings.padding();
        long outer = settings.outerPadding();
        Rect first = rects.get(0);
        long totalHeight = 0;
        for (Rect r : rects) {
            totalHeight += r.height() + padding;
        }
        totalHeight -= padding * 2;
        long height = 0;
        long prevWidth = 0;
        for (Rect r : rects) {
            // The first column ends when the next tile fits beside the previous one and the
            // column is at least half of the whole, so the rest doubles back up the right side.
            if (r.width() <= first.width() - prevWidth - padding
                    && (height - first.height()) * 2 >= (totalHeight - first.height())) {
                break;
            }
            height += r.height() + padding;
            prevWidth = r.width();
        }
        height -= padding;
        long width = first.width();
        size[0] = height + outer * 2;
        size[1] = width + outer * 2;
        long y = outer;
        int i = 0;
        while (y < height + outer && i < rects.size()) {
            Rect r = rects.get(i);
            rects.set(i, new Rect(r.left() + outer, r.top() + y, r.right() + outer, r.bottom() + y));
            y += rects.get(i).height() + padding;
            i++;
        }
        y -= padding;
        Rect placedFirst = rects.get(0);
        while (i < rects.size()) {
            Rect r = rects.get(i);
            long x1 = outer + width - 1;
            long y1 = y - 1;
            Rect rect = new Rect(x1 - r.right(), y1 - r.bottom(), x1, y1);
            Rect overlap = placedFirst.intersect(rect);
            if (overlap.width() > 0 && overlap.height() > 0) {
                break;
            }
            rects.set(i, rect);
            y -= rect.height() + padding;
            i++;
        }
        return List.copyOf(rects.subList(0, i));
    }

    /** dlib's {@code resize_image} with bilinear interpolation, from one tile to the next. */
    private static void resizeBilinear(float[] t, int plane, int stride, Rect from, Rect to) {
        long inW = from.width();
        long inH = from.height();
        long outW = to.width();
        long outH = to.height();
        double xScale = (inW - 1) / (double) Math.max(outW - 1, 1);
        double yScale = (inH - 1) / (double) Math.max(outH - 1, 1);
        int src = plane + (int) (from.top() * stride + from.left());
        int dst = plane + (int) (to.top() * stride + to.left());
        double y = -yScale;
        for (int r = 0; r < outH; r++) {
            y += yScale;
            int top = (int) Math.floor(y);
            int bottom = (int) Math.min(top + 1, inH - 1);
            double tb = y - top;
            double x = -xScale;
            for (int c = 0; c < outW; c++) {
                x += xScale;
                int left = (int) Math.floor(x);
                int right = (int) Math.min(left + 1, inW - 1);
                double lr = x - left;
                double tl = t[src + top * stride + left];
                double tr = t[src + top * stride + right];
                double bl = t[src + bottom * stride + left];
                double br = t[src + bottom * stride + right];
                t[dst + r * stride + c] = (float) ((1 - tb) * ((1 - lr) * tl + lr * tr) + tb * ((1 - lr) * bl + lr * br));
            }
        }
    }

    /**
     * Reads the network's output as {@code loss_mmod_::to_label} does: every cell scoring above
     * the threshold, strongest first, minus those that overlap a stronger one.
     *
     * @param output the network's output, planar channels×rows×columns
     * @param rows output rows
     * @param columns output columns
     * @param pyramid the input it was computed from
     * @param threshold dlib's {@code adjust_threshold} (0 by default)
     * @return the detections in image pixels, strongest first
     */
    public List<Detection> detections(float[] output, int rows, int columns, Pyramid pyramid, double threshold) {
        List<Detection> candidates = new ArrayList<>();
        for (int k = 0; k < settings.windows().size(); k++) {
            long[] window = settings.windows().get(k);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    double score = output[(k * rows + r) * columns + c];
                    if (score > threshold) {
                        double px = c * settings.scale()[0] + settings.offset()[0];
                        double py = r * settings.scale()[1] + settings.offset()[1];
                        candidates.add(new Detection(toImage(pyramid.tiles(), px, py, window), score));
                    }
                }
            }
        }
        candidates.sort(Comparator.comparingDouble(Detection::confidence).reversed());
        List<Detection> kept = new ArrayList<>();
        for (Detection d : candidates) {
            if (kept.stream().noneMatch(k -> overlaps(k.rect(), d.rect()))) {
                kept.add(d);
            }
        }
        return List.copyOf(kept);
    }

    /** {@code centered_drect} then {@code tiled_pyramid_to_image}, rounded to dlib's rectangle. */
    private Rect toImage(List<Rect> tiles, double px, double py, long[] window) {
        double halfW = (window[0] - 1) / 2.0;
        double halfH = (window[1] - 1) / 2.0;
        double l = px - halfW;
        double t = py - halfH;
        double r = px + halfW;
        double b = py + halfH;
        int level = nearestTile(tiles, (long) Math.floor((l + r) / 2 + 0.5), (long) Math.floor((t + b) / 2 + 0.5));
        Rect origin = tiles.get(level);
        double up = levelScale();
        double[] v = {l - origin.left(), t - origin.top(), r - origin.left(), b - origin.top()};
        for (int i = 0; i < level; i++) {
            for (int j = 0; j < 4; j++) {
                v[j] = v[j] * up + 0.3;
            }
        }
        return new Rect(lround(v[0]), lround(v[1]), lround(v[2]), lround(v[3]));
    }

    /** {@code nearest_rect}: the first tile holding the point, else the nearest. */
    private static int nearestTile(List<Rect> tiles, long x, long y) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int i = 0; i < tiles.size(); i++) {
            Rect tile = tiles.get(i);
            if (tile.contains(x, y)) {
                return i;
            }
            double dx = Math.min(Math.max(x, tile.left()), tile.right()) - x;
            double dy = Math.min(Math.max(y, tile.top()), tile.bottom()) - y;
            double distance = Math.sqrt(dx * dx + dy * dy);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = i;
            }
        }
        return best;
    }

    /** {@code test_box_overlap}: note the "IoU" divides by the bounding box of both, not the union. */
    private boolean overlaps(Rect a, Rect b) {
        double inner = a.intersect(b).area();
        if (inner == 0) {
            return false;
        }
        double outer = a.hull(b).area();
        return inner / outer > settings.nmsIou() || inner / a.area() > settings.nmsCovered()
                || inner / b.area() > settings.nmsCovered();
    }

    /** C's {@code lround}: halves away from zero. */
    private static long lround(double v) {
        return v < 0 ? -Math.round(-v) : Math.round(v);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "MMOD detector, %d window(s), pyramid_down<%d>", settings.windows().size(),
                settings.pyramidDown());
    }
}
