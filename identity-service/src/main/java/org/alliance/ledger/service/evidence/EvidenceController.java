package org.alliance.ledger.service.evidence;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.PathParameter;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.alliance.ledger.core.codec.CanonicalJson;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.RecordType;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.rules.StoredRecord;
import org.alliance.ledger.service.alliancelog.LogAnchoring;
import org.alliance.ledger.service.problem.ApiException;
import org.alliance.ledger.service.security.Actor;
import org.alliance.ledger.service.web.OptionalSignIn;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/evidence/{recordId}/bundle}: the evidence bundle of a record. Certificate records
 * are public (the verification page offers their bundle to anyone); any other record's bundle is
 * for auditors, since it shows a case's chain of decisions.
 */
@RestController
class EvidenceController {
    private static final String PREFIX = "/api/evidence/";
    private static final String SUFFIX = "/bundle";
    /** The mapping: a record id may hold slashes, which no path variable of Spring's matches. */
    private static final String MAPPING = "/api/evidence/**";
    /** The path as the OpenAPI document gives it. */
    static final String DOCUMENTED = PREFIX + "{recordId}" + SUFFIX;
    private final EvidenceLedger ledger;
    private final LogAnchoring anchoring;

    /**
     * Creates the controller.
     *
     * @param ledger the ledger
     * @param anchoring the alliance log's anchoring, which adds the log's anchor to a bundle
     */
    EvidenceController(EvidenceLedger ledger, LogAnchoring anchoring) {
        this.ledger = ledger;
        this.anchoring = anchoring;
    }

    /**
     * The bundle, as a downloadable JSON file. Record ids contain slashes ({@code case-1/receive}),
     * so the id is everything between {@code /api/evidence/} and the final {@code /bundle}.
     *
     * @param request the request, whose path names the record
     * @return the bundle
     */
    @GetMapping(MAPPING)
    @Operation(summary = "The evidence bundle of a record, verifiable offline with ledger-cli verify-bundle "
            + "(certificate records: public; others: auditor)")
    @OptionalSignIn(Role.AUDITOR)
    @ApiResponse(responseCode = "404", description = "不在账本上的记录 / no such record on the ledger (UNKNOWN_RECORD), "
            + "or a path without /bundle (NOT_FOUND)")
    @ApiResponse(responseCode = "200", description = "The evidence bundle, canonical JSON, as a downloadable file",
            content = @Content(mediaType = "application/json", schema = @Schema(types = "object",
                    requiredProperties = {"bundleVersion", "record", "recordHash", "batch"})))
    public ResponseEntity<byte[]> bundle(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith(PREFIX) || !path.endsWith(SUFFIX) || path.length() <= PREFIX.length() + SUFFIX.length()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND", "use /api/evidence/{recordId}/bundle");
        }
        String recordId = URLDecoder.decode(path.substring(PREFIX.length(), path.length() - SUFFIX.length()),
                StandardCharsets.UTF_8);
        StoredRecord stored = ledger.record(recordId).orElseThrow(() ->
                new RuleException(ErrorCode.UNKNOWN_RECORD, "record " + recordId + " is not on the ledger"));
        if (stored.signedRecord().record().type() != RecordType.CERTIFICATE && !Actor.currentHas(Role.AUDITOR)) {
            Actor.current(); // anonymous: 401, so the client knows to sign in as an auditor
            throw new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN", "only auditors export this record's evidence");
        }
        byte[] json = CanonicalJson.canonicalize(anchoring.bundle(recordId).toJson());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + recordId.replace('/', '_')
                        + ".bundle.json\"")
                .body(json);
    }

    /**
     * Gives the OpenAPI document the bundle's real path, {@value #DOCUMENTED} with its path
     * variable, in place of the mapping's wildcard.
     *
     * @return the customizer
     */
    @Bean
    static GlobalOpenApiCustomizer evidencePath() {
        return openApi -> {
            PathItem item = openApi.getPaths() == null ? null : openApi.getPaths().remove(MAPPING);
            if (item == null) {
                return;
            }
            item.readOperations().forEach(operation -> operation.addParametersItem(new PathParameter().name("recordId")
                    .description("记录标识，其中的斜杠照原样写，不作百分号编码 / the record id; its slashes are written as "
                            + "they are, not percent-encoded")
                    .schema(new StringSchema().minLength(1)).example("ZZ-2026-000001/receive")));
            openApi.getPaths().addPathItem(DOCUMENTED, item);
        };
    }
}
