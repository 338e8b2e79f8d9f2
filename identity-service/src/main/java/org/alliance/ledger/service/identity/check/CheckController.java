package org.alliance.ledger.service.identity.check;

import io.swagger.v3.oas.annotations.Operation;
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
    public ResponseEntity<Attestation> create(
            @RequestParam(required = false) String idNumber, @RequestParam(required = false) String name,
            @RequestParam(required = false) String cardValidFrom, @RequestParam(required = false) String cardValidTo,
            @RequestParam(required = false) String nonce, @RequestParam(required = false) String deviceId,
            @RequestParam(required = false) String consent,
            @RequestPart(required = false) MultipartFile referencePhoto,
            @RequestPart(required = false) List<MultipartFile> frames,
            @RequestPart(required = false) List<MultipartFile> flashFrames,
            @RequestParam(required = false) String flashTimes) {
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
    public Attestation get(@PathVariable String id) {
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
