package org.alliance.ledger.service.testkit;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Pictures of QR codes for the browser tests: black modules on white, upright, with the standard
 * quiet zone, drawn from a text or from the SVG the service shows on the kiosk.
 */
public final class QrPictures {
    /** One module of the service's SVG path ({@code QrCodeController.svg}). */
    private static final Pattern MODULE = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z");
    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");
    /** The quiet zone the QR specification asks for, in modules. */
    private static final int QUIET = 4;

    private QrPictures() {
    }

    /**
     * A QR code of a text.
     *
     * @param text the text
     * @param scale pixels a module
     * @return the picture
     */
    public static BufferedImage of(String text, int scale) {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0);
        } catch (WriterException e) {
            throw new IllegalArgumentException(e);
        }
        BufferedImage image = blank((matrix.getWidth() + 2 * QUIET) * scale, (matrix.getHeight() + 2 * QUIET) * scale);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.BLACK);
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                if (matrix.get(x, y)) {
                    g.fillRect((x + QUIET) * scale, (y + QUIET) * scale, scale, scale);
                }
            }
        }
        g.dispose();
        return image;
    }

    /**
     * The service's SVG QR code drawn as the kiosk shows it: its view box (the code with its quiet
     * zone), one black square a module.
     *
     * @param svg the SVG
     * @param scale pixels a module
     * @return the picture
     */
    public static BufferedImage ofSvg(String svg, int scale) {
        Matcher box = VIEW_BOX.matcher(svg);
        if (!box.find()) {
            throw new IllegalArgumentException("no viewBox in " + svg);
        }
        BufferedImage image = blank(Integer.parseInt(box.group(1)) * scale, Integer.parseInt(box.group(2)) * scale);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.BLACK);
        Matcher m = MODULE.matcher(svg);
        while (m.find()) {
            g.fillRect(Integer.parseInt(m.group(1)) * scale, Integer.parseInt(m.group(2)) * scale, scale, scale);
        }
        g.dispose();
        return image;
    }

    /**
     * A picture in the middle of a larger white one, as a camera would frame it.
     *
     * @param picture the picture
     * @param width the width
     * @param height the height
     * @return the framed picture
     */
    public static BufferedImage framed(BufferedImage picture, int width, int height) {
        BufferedImage image = blank(width, height);
        Graphics2D g = image.createGraphics();
        g.drawImage(picture, (width - picture.getWidth()) / 2, (height - picture.getHeight()) / 2, null);
        g.dispose();
        return image;
    }

    /**
     * Writes a picture as PNG.
     *
     * @param picture the picture
     * @param file the file
     * @return the file
     * @throws IOException if it cannot be written
     */
    public static Path png(BufferedImage picture, Path file) throws IOException {
        ImageIO.write(picture, "png", file.toFile());
        return file;
    }

    private static BufferedImage blank(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }
}
