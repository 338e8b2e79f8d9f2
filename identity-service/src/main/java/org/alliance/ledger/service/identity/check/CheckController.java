package org.alliance.ledger.service.identity.check;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.Parameter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.alliance.ledger.service.problem.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** {@code /api/identity/checks}: run an identity check, and read one back with its ledger status. */
@RestController
class CheckController {
    private final IdentityCheckService checks;

    /**
     * Creates the controller.
     *
     * @param checks the check service
     */
    CheckController(IdentityCheckService checks) {
        this.checks = checks;
    }

    /**
     * Runs an identity check. Every field is read here and a missing one is MISSING_FIELD, the
     * same reason however it is missing (absent or empty).
     *
     * @param idNumber the ID number
     * @param name the name on the card
     * @param cardValidFrom the card's first valid day, ISO date
     * @param cardValidTo the card's last valid day, ISO date or 长期
     * @param nonce the challenge nonce
     * @param deviceId the device id (optional)
     * @param consent must be {@code true}
     * @param referencePhoto the card's chip photo or the registry photo
     * @param frames the live frames, in capture order
     * @param flashFrames the frames captured while the screen flashed the challenge's colours
     * @param flashTimes their capture times, comma-separated milliseconds since the first colour
     * @return 201 with the attestation
     */
    @PostMapping(path = "/api/identity/checks", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Run an identity check (face + ID card with a liveness challenge); 201 with the signed "
            + "attestation if ACCEPTED, 422 with the attestation id if REJECTED, 4xx with nothing stored for bad input")
    @ApiResponse(responseCode = "201", description = "核验通过，返回签名的核验证明 / ACCEPTED: the signed attestation")
    @ApiResponse(responseCode = "409", description = "挑战已用过 / the challenge was used already (NONCE_REUSED)")
    @ApiResponse(responseCode = "410", description = "挑战已过期 / the challenge expired (NONCE_EXPIRED)")
    @ApiResponse(responseCode = "413", description = "图片过大 / an image too large (UPLOAD_TOO_LARGE, TOO_MANY_PIXELS, DECOMPRESSION_BOMB)")
    @ApiResponse(responseCode = "415", description = "不是图片 / a part is not an image (NOT_AN_IMAGE)")
    @ApiResponse(responseCode = "422", description = "证件或人脸不符 / the card or the face is refused (CARD_EXPIRED, NO_FACE, DIFFERENT_PERSON, LIVENESS_FAILED, UNREGISTERED_DEVICE, …)")
    public ResponseEntity<Attestation> create(
            @Parameter(required = true, description = "居民身份证号码 / the ID card number (18 characters, check digit)",
                    example = "350602199001011234") @RequestParam(required = false) String idNumber,
            @Parameter(required = true, description = "证件上的姓名 / the name on the card", example = "张三")
                    @RequestParam(required = false) String name,
            @Parameter(required = true, description = "有效期起始日 / the card's first valid day (ISO date)",
                    example = "2020-01-01") @RequestParam(required = false) String cardValidFrom,
            @Parameter(required = true, description = "有效期截止日 / the card's last valid day (ISO date or 长期)",
                    example = "2040-01-01") @RequestParam(required = false) String cardValidTo,
            @Parameter(required = true, description = "活体挑战的一次性随机数 / the nonce of POST /api/identity/challenges",
                    example = "3q2+7w5xjVAZ8bFzq8v0Ew") @RequestParam(required = false) String nonce,
            @Parameter(description = "登记的终端标识 / a registered device id", example = "kiosk-dev-01")
                    @RequestParam(required = false) String deviceId,
            @Parameter(required = true, description = "本人同意核验，须为 true / the person's consent, must be true",
                    example = "true") @RequestParam(required = false) String consent,
            @Parameter(required = true, description = "证件芯片照片或登记照片 / the card's chip photo or the registry "
                    + "photo (JPEG or PNG)") @RequestPart(required = false) MultipartFile referencePhoto,
            @Parameter(required = true, description = "按拍摄顺序的活体帧 / the live frames, in capture order (JPEG or PNG)")
                    @RequestPart(required = false) List<MultipartFile> frames,
            @Parameter(description = "颜色闪烁期间拍摄的帧 / the frames taken while the screen flashed the challenge's "
                    + "colours, in capture order (JPEG or PNG)") @RequestPart(required = false) List<MultipartFile> flashFrames,
            @Parameter(description = "每帧距第一种颜色开始的毫秒数，逗号分隔 / each flash frame's time in ms since the "
                    + "first colour began, comma-separated", example = "40,190,340,520") @RequestParam(required = false)
                    String flashTimes) {
        Attestation attestation = checks.check(new CheckSubmission(required("idNumber", idNumber),
                required("name", name), required("cardValidFrom", cardValidFrom), required("cardValidTo", cardValidTo),
                bytes("referencePhoto", referencePhoto), frames(frames), flashFrames(flashFrames),
                times(flashTimes), required("nonce", nonce), deviceId,
                Boolean.parseBoolean(required("consent", consent).strip())));
        return ResponseEntity.created(URI.create("/api/identity/checks/" + attestation.id())).body(attestation);
    }

    /**
     * Reads an attestation and its ledger status.
     *
     * @param id the attestation id
     * @return the attestation
     */
    @GetMapping("/api/identity/checks/{id}")
    @Operation(summary = "Read an attestation and its ledger status: PENDING, SUBMITTED, COMMITTED {txId, batchId} "
            + "or FAILED {reason}")
    @ApiResponse(responseCode = "200", description = "核验证明及其账本状态 / the attestation and its ledger status")
    @ApiResponse(responseCode = "404", description = "无此核验 / no such identity check (UNKNOWN_CHECK)")
    public Attestation get(
            @Parameter(description = "核验标识 / the identity check id", example = "att-6a1f0e2d-94b3-4c57-8e1a-2b7d9c0f3e45")
                    @PathVariable String id) {
        return checks.find(id).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "UNKNOWN_CHECK",
                "no identity check " + id));
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw missing(field);
        }
        return value;
    }

    private static byte[] bytes(String field, MultipartFile file) {
        if (file == null || file.isEmpty()) {
            throw missing(field);
        }
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<byte[]> frames(List<MultipartFile> frames) {
        if (frames == null || frames.isEmpty()) {
            throw missing("frames");
        }
        List<byte[]> out = new ArrayList<>();
        for (MultipartFile f : frames) {
            out.add(bytes("frames", f));
        }
        return out;
    }

    private static List<byte[]> flashFrames(List<MultipartFile> frames) {
        List<byte[]> out = new ArrayList<>();
        for (MultipartFile f : frames == null ? List.<MultipartFile>of() : frames) {
            out.add(bytes("flashFrames", f));
        }
        return out;
    }

    /** Comma-separated whole milliseconds; absent or empty is none. */
    private static long[] times(String value) {
        if (value == null || value.isBlank()) {
            return new long[0];
        }
        try {
            return Arrays.stream(value.split(",")).map(String::strip).mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "BAD_FIELD",
                    "flashTimes must be comma-separated whole milliseconds, one per flash frame",
                    Map.of("field", "flashTimes"));
        }
    }

    private static ApiException missing(String field) {
        return new ApiException(HttpStatus.BAD_REQUEST, "MISSING_FIELD", "required field '" + field + "' is missing",
                Map.of("field", field));
    }
}
