package org.alliance.ledger.service.kiosk;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads QR codes back in tests: from a rendered image, or from the service's SVG. */
final class QrCodes {
    /** One module of {@link QrCodeController#svg(String)}'s path. */
    private static final Pattern MODULE = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z");
    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");
    private static final int PIXELS_PER_MODULE = 4;

    private QrCodes() {
    }

    /**
     * Decodes the QR code in an image such as a screenshot of the code's element. The locating
     * decoder misreads about 1 % of codes even when they are drawn perfectly, and those are not
     * the ones the grid reader (which needs the code alone, upright) misreads, so both are tried.
     */
    static String decode(BufferedImage image) throws NotFoundException, ChecksumException, FormatException {
        try {
            return decode(image, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
        } catch (NotFoundException | ChecksumException | FormatException e) {
            return decode(image, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
        }
    }

    private static String decode(BufferedImage image, Map<DecodeHintType, ?> hints)
            throws NotFoundException, ChecksumException, FormatException {
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels))), hints).getText();
    }

    /** Rasterises the service's SVG (white background, one black square per module) and decodes it. */
    static String decodeSvg(String svg) throws NotFoundException, ChecksumException, FormatException {
        Matcher box = VIEW_BOX.matcher(svg);
        if (!box.find()) {
            throw new IllegalArgumentException("no viewBox in " + svg);
        }
        int size = Integer.parseInt(box.group(1)) * PIXELS_PER_MODULE;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, size, size);
        g.setColor(Color.BLACK);
        Matcher m = MODULE.matcher(svg);
        while (m.find()) {
            g.fillRect(Integer.parseInt(m.group(1)) * PIXELS_PER_MODULE, Integer.parseInt(m.group(2)) * PIXELS_PER_MODULE,
                    PIXELS_PER_MODULE, PIXELS_PER_MODULE);
        }
        g.dispose();
        // The raster is exactly the code with its quiet zone, upright and unscaled, so the modules
        // are read off the grid; locating finder patterns as in a photo failed on about 1 % of
        // random URLs (26 of 3000), which made the test flaky. With the grid reader: 0 of 3000.
        return decode(image, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
    }
}
