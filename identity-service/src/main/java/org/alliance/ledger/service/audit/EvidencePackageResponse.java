package org.alliance.ledger.service.audit;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents an export's answer: an evidence package, canonical JSON, whose members ledger-core's
 * {@code EvidencePackage} defines (the view as the matching audit endpoint serves it, and the
 * evidence bundle of every record it cites).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ApiResponse(responseCode = "200", description = "The evidence package, as a downloadable file",
        content = @Content(mediaType = "application/json", schema = @Schema(types = "object",
                requiredProperties = {"packageVersion", "kind", "subject", "view", "bundles"})))
@interface EvidencePackageResponse {
}
