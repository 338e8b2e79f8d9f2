package org.alliance.ledger.bench;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** One panel of a benchmark's figure: a {@link BarPlot} or an {@link XyPlot}. */
public sealed interface Plot permits BarPlot, XyPlot {
    /** Width of one panel in pixels. */
    int WIDTH = 640;
    /** Height of one panel in pixels. */
    int HEIGHT = 420;

    /**
     * Draws the panel.
     *
     * @return the panel, {@link #WIDTH} × {@link #HEIGHT}
     */
    BufferedImage image();

    /**
     * Writes the panels side by side, left to right, as one PNG (the parent folder is created).
     *
     * @param png the file to write
     * @param panels at least one
     * @throws IOException if the file cannot be written
     */
    static void write(Path png, Plot... panels) throws IOException {
        if (panels.length == 0) {
            throw new IllegalArgumentException("a figure needs at least one panel");
        }
        List<BufferedImage> images = List.of(panels).stream().map(Plot::image).toList();
        BufferedImage out = new BufferedImage(WIDTH * images.size(), HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        for (int i = 0; i < images.size(); i++) {
            g.drawImage(images.get(i), i * WIDTH, 0, null);
        }
        g.dispose();
        Path parent = png.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        ImageIO.write(out, "png", png.toFile());
    }
}
