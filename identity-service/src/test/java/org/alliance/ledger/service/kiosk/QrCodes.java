package org.alliance.ledger.service.kiosk;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.util.Map;
import org.alliance.ledger.service.testkit.QrPictures;

/** Reads QR codes back in tests: from a rendered image, or from the service's SVG. */
final class QrCodes {
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
        BufferedImage image = QrPictures.ofSvg(svg, PIXELS_PER_MODULE);
        // The raster is exactly the code with its quiet zone, upright and unscaled, so the modules
        // are read off the grid; locating finder patterns as in a photo failed on about 1 % of
        // random URLs (26 of 3000), which made the test flaky. With the grid reader: 0 of 3000.
        return decode(image, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
    }
}
