package org.alliance.ledger.service.kiosk;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.Map;
import org.alliance.ledger.service.identity.check.IdentityCheckService;
import org.alliance.ledger.service.problem.ApiException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * {@code GET /api/identity/checks/{id}/qr}: an SVG QR code of the attestation's verification
 * page, shown on the kiosk's result page so the person can open (and keep) the evidence on their
 * phone. Only the attestation id travels in the code; it carries no personal data.
 */
@RestController
class QrCodeController {
    /** SVG media type (Spring has no constant for it). */
    static final MediaType SVG = MediaType.valueOf("image/svg+xml");
    /** Quiet zone in modules; the QR specification asks for four. */
    private static final int MARGIN = 4;

    private final IdentityCheckService checks;

    /**
     * Creates the controller.
     *
     * @param checks the check service, to refuse codes for attestations that do not exist
     */
    QrCodeController(IdentityCheckService checks) {
        this.checks = checks;
    }

    /**
     * Renders the QR code of {@code <this server>/verify.html?id=<id>}.
     *
     * @param id the attestation id
     * @return the SVG
     * @throws ApiException 404 UNKNOWN_CHECK if there is no such attestation
     */
    @GetMapping(path = "/api/identity/checks/{id}/qr", produces = "image/svg+xml")
    @Operation(summary = "SVG QR code of the attestation's verification page (/verify.html?id=...)")
    @ApiResponse(responseCode = "200", description = "二维码 / the QR code (SVG)")
    @ApiResponse(responseCode = "404", description = "无此核验 / no such identity check (UNKNOWN_CHECK)")
    public ResponseEntity<String> qr(
            @Parameter(description = "核验标识 / the identity check id", example = "att-6a1f0e2d-94b3-4c57-8e1a-2b7d9c0f3e45")
                    @PathVariable String id) {
        if (checks.find(id).isEmpty()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "UNKNOWN_CHECK", "no identity check " + id);
        }
        // The URL is built from the request (Host, and X-Forwarded-* when the operator enables
        // forwarded headers), so the code points wherever the kiosk itself reached the service.
        String url = ServletUriComponentsBuilder.fromCurrentContextPath().path("/verify.html")
                .queryParam("id", id).build().encode().toUriString();
        return ResponseEntity.ok().contentType(SVG).cacheControl(CacheControl.noStore()).body(svg(url));
    }

    /**
     * Encodes text as a QR code drawn as one SVG path, one unit per module.
     *
     * @param text the text
     * @return the SVG document
     */
    static String svg(String text) {
        BitMatrix matrix;
        try {
            // Level M survives a smudged kiosk screen; the URL is short so the code stays small.
            matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 0));
        } catch (WriterException e) {
            throw new IllegalArgumentException("text cannot be encoded as a QR code", e);
        }
        int size = matrix.getWidth() + 2 * MARGIN;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                if (matrix.get(x, y)) {
                    path.append('M').append(x + MARGIN).append(' ').append(y + MARGIN).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
                + "\" shape-rendering=\"crispEdges\"><rect width=\"" + size + "\" height=\"" + size
                + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }
}
