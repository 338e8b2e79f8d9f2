package org.alliance.ledger.service.trust;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/trust}: the trust bundle a verifier hands to {@code verify-bundle --trust FILE}.
 * Public, like the evidence of certificates: it holds public keys and records every member signed.
 */
@RestController
class TrustController {
    /** The alliance agreement the demo and the Fabric scripts found. */
    static final String DEFAULT_AGREEMENT = "agr-demo-alliance";

    private final TrustBundles bundles;

    /**
     * Creates the controller.
     *
     * @param bundles the bundle maker
     */
    TrustController(TrustBundles bundles) {
        this.bundles = bundles;
    }

    /**
     * The trust bundle, as a downloadable canonical JSON file.
     *
     * @param agreement the agreement
     * @return the bundle
     */
    @GetMapping("/api/trust")
    @Operation(summary = "The trust bundle for offline verifiers: the agreement in force with every member's signature, "
            + "each member's record keys and their validity, the ledger's node keys or org CA certificates, signed by "
            + "this member (ledger-cli trust fetch, verify-bundle --trust FILE)")
    @ApiResponse(responseCode = "200", description = "The trust bundle, canonical JSON, as a downloadable file",
            content = @Content(mediaType = "application/json", schema = @Schema(types = "object",
                    requiredProperties = {"trustVersion", "agreement", "members", "records", "signer", "signature"})))
    @ApiResponse(responseCode = "403", description = "本实例不是该协议的成员 / this instance is not a member (NOT_A_MEMBER)")
    @ApiResponse(responseCode = "404", description = "没有此协议 / no such agreement (UNKNOWN_AGREEMENT)")
    @ApiResponse(responseCode = "409", description = "该协议没有生效版本 / no version in force (AGREEMENT_NOT_ACTIVE)")
    ResponseEntity<byte[]> trust(@Parameter(description = "the agreement, by default the alliance's",
            example = "agr-demo-alliance")
            @RequestParam(name = "agreement", defaultValue = DEFAULT_AGREEMENT) String agreement) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"trust.json\"")
                .body(bundles.bundle(agreement).toCanonicalJson());
    }
}
