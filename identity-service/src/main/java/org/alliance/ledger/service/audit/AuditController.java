package org.alliance.ledger.service.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.alliance.ledger.core.bundle.EvidencePackage;
import org.alliance.ledger.service.web.SerialWrites;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/audit/**}: the auditor's read-only, paginated views, and their exports as evidence
 * packages (auditor role only; anonymous is 401).
 */
@RestController
class AuditController {
    private static final String DUE_WITHIN = "must be 0 to " + AuditService.MAX_DUE_WITHIN_DAYS;
    private final AuditService audit;
    private final AuditExports exports;
    private final CaseDurations durations;

    /**
     * Creates the controller.
     *
     * @param audit the audit service
     * @param exports the evidence package exports
     * @param durations the durations against time limits
     */
    AuditController(AuditService audit, AuditExports exports, CaseDurations durations) {
        this.audit = audit;
        this.exports = exports;
        this.durations = durations;
    }

    /**
     * A case's whole timeline as an evidence package.
     *
     * @param id the case
     * @return the package, as a downloadable file
     */
    @GetMapping("/api/audit/cases/{id}/timeline/export")
    @Operation(summary = "A case's whole timeline with the evidence bundle of every step, verifiable offline with "
            + "ledger-cli verify-bundle")
    @EvidencePackageResponse
    @ApiResponse(responseCode = "404", description = "无此办件 / no such case (UNKNOWN_CASE)")
    @ApiResponse(responseCode = "422", description = "导出内容过多 / more records than one export holds (EXPORT_TOO_LARGE)")
    public ResponseEntity<byte[]> exportTimeline(
            @Parameter(description = "办件标识 / the case id", example = "case-3f1c9a2e-7b4d-4e8a-9c21-5d6f0a8b7e14")
                    @PathVariable String id) {
        return attachment(exports.timeline(id), id + ".timeline");
    }

    /**
     * A certificate's whole history as an evidence package.
     *
     * @param id the certificate
     * @return the package, as a downloadable file
     */
    @GetMapping("/api/audit/certificates/{id}/history/export")
    @Operation(summary = "A certificate's whole history with the evidence bundle of every change, verifiable offline "
            + "with ledger-cli verify-bundle")
    @EvidencePackageResponse
    @ApiResponse(responseCode = "404", description = "无此证照 / no such certificate (UNKNOWN_CERTIFICATE)")
    @ApiResponse(responseCode = "422", description = "导出内容过多 / more records than one export holds (EXPORT_TOO_LARGE)")
    public ResponseEntity<byte[]> exportCertificateHistory(
            @Parameter(description = "证照编号 / the certificate id", example = "SIT01-350600-2026-000001")
                    @PathVariable String id) {
        return attachment(exports.certificateHistory(id), id + ".history");
    }

    /**
     * Every recognition of a target as an evidence package.
     *
     * @param targetId the case or certificate
     * @return the package, as a downloadable file
     */
    @GetMapping("/api/audit/recognitions/export")
    @Operation(summary = "Every recognition of a case's approval or a certificate with their evidence bundles, "
            + "verifiable offline with ledger-cli verify-bundle")
    @EvidencePackageResponse
    @ApiResponse(responseCode = "422", description = "导出内容过多 / more records than one export holds (EXPORT_TOO_LARGE)")
    public ResponseEntity<byte[]> exportRecognitions(
            @Parameter(description = "办件或证照 / the case or certificate", example = "SIT01-350600-2026-000001")
                    @RequestParam(required = false) String targetId) {
        String target = SerialWrites.required("targetId", targetId);
        return attachment(exports.recognitions(target), target + ".recognitions");
    }

    private static ResponseEntity<byte[]> attachment(EvidencePackage pkg, String name) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\""
                        + name.replaceAll("[^A-Za-z0-9._-]+", "_") + ".package.json\"")
                .body(pkg.toCanonicalJson());
    }

    /**
     * A case's timeline.
     *
     * @param id the case
     * @param pageSize 1 to 100
     * @param bookmark the previous page's bookmark
     * @return the timeline page
     */
    @GetMapping("/api/audit/cases/{id}/timeline")
    @Operation(summary = "A case's steps with durations, its deadline and whether it is overdue")
    @ApiResponse(responseCode = "200", description = "办件时间线 / the case's timeline")
    @ApiResponse(responseCode = "404", description = "无此办件 / no such case (UNKNOWN_CASE)")
    public AuditViews.Timeline timeline(
            @Parameter(description = "办件标识 / the case id", example = "case-3f1c9a2e-7b4d-4e8a-9c21-5d6f0a8b7e14")
                    @PathVariable String id, @RequestParam(required = false) Integer pageSize,
            @RequestParam(required = false) String bookmark) {
        return audit.timeline(id, Paging.of(pageSize, bookmark));
    }

    /**
     * Overdue and due-soon cases.
     *
     * @param region an MSP id, optional
     * @param item an item code, optional
     * @param dueWithinDays working days ahead, default 3
     * @param pageSize 1 to 100
     * @param bookmark the previous page's bookmark
     * @return the cases page
     */
    @GetMapping("/api/audit/cases/overdue")
    @Operation(summary = "Cases overdue, or open and due within N working days, per region and item")
    public AuditViews.Overdue overdue(
            @Parameter(description = "地区 / the region (MSP id)", example = "ChaozhouMSP")
                    @RequestParam(required = false) String region,
            @RequestParam(required = false) String item, @RequestParam(defaultValue = "3") @Min(value = 0, message = DUE_WITHIN)
            @Max(value = AuditService.MAX_DUE_WITHIN_DAYS, message = DUE_WITHIN) int dueWithinDays,
            @RequestParam(required = false) Integer pageSize, @RequestParam(required = false) String bookmark) {
        return audit.overdue(blankToNull(region), blankToNull(item), dueWithinDays, Paging.of(pageSize, bookmark));
    }

    /**
     * Each item's case durations against its time limit.
     *
     * @param region an MSP id, optional
     * @param item an item code, optional
     * @param from the first day of receipt, optional
     * @param to the last day of receipt, optional
     * @return the items with their cases' durations and counts
     */
    @GetMapping("/api/audit/durations")
    @Operation(summary = "Per catalogue item, its time limit and how long each case received in a period took "
            + "(finished: receipt to result) or has taken so far (open), in working days and hours, with the counts "
            + "within and over the limit")
    @ApiResponse(responseCode = "200", description = "各事项办件用时与时限 / each item's case durations against its time limit")
    @ApiResponse(responseCode = "400", description = "无此事项、无此地区或日期有误 / an unknown item or region, or a date "
            + "that is not one (UNKNOWN_ITEM, BAD_FIELD, BAD_DATE)")
    @ApiResponse(responseCode = "422", description = "期间内办件过多 / more cases in the period than one answer holds "
            + "(TOO_MANY_CASES)")
    public AuditViews.Durations durations(
            @Parameter(description = "地区 / the region (MSP id): cases it accepts or decides", example = "ChaozhouMSP")
                    @RequestParam(required = false) String region,
            @Parameter(description = "事项 / the item code", example = "SOCIAL-INS-TRANSFER")
                    @RequestParam(required = false) String item,
            @Parameter(description = "收件起始日（上海时间）/ the first day of receipt (Asia/Shanghai)",
                    schema = @Schema(type = "string", format = "date"), example = "2026-12-01")
                    @RequestParam(required = false) String from,
            @Parameter(description = "收件截止日（含）/ the last day of receipt, included",
                    schema = @Schema(type = "string", format = "date"), example = "2026-12-31")
                    @RequestParam(required = false) String to) {
        return durations.durations(blankToNull(region), blankToNull(item), blankToNull(from), blankToNull(to));
    }

    /**
     * A certificate's history.
     *
     * @param id the certificate
     * @param pageSize 1 to 100
     * @param bookmark the previous page's bookmark
     * @return the history page
     */
    @GetMapping("/api/audit/certificates/{id}/history")
    @Operation(summary = "A certificate's issue and status changes")
    @ApiResponse(responseCode = "200", description = "证照历史 / the certificate's history")
    @ApiResponse(responseCode = "404", description = "无此证照 / no such certificate (UNKNOWN_CERTIFICATE)")
    public AuditViews.CertificateHistory certificateHistory(
            @Parameter(description = "证照编号 / the certificate id", example = "SIT01-350600-2026-000001")
                    @PathVariable String id,
            @RequestParam(required = false) Integer pageSize, @RequestParam(required = false) String bookmark) {
        return audit.certificateHistory(id, Paging.of(pageSize, bookmark));
    }

    /**
     * Who recognised what.
     *
     * @param targetId the case or certificate
     * @param pageSize 1 to 100
     * @param bookmark the previous page's bookmark
     * @return the recognitions page
     */
    @GetMapping("/api/audit/recognitions")
    @Operation(summary = "Recognitions and refusals of a case's approval or a certificate")
    public AuditViews.Recognitions recognitions(
            @Parameter(description = "办件或证照 / the case or certificate", example = "SIT01-350600-2026-000001")
                    @RequestParam(required = false) String targetId,
            @RequestParam(required = false) Integer pageSize, @RequestParam(required = false) String bookmark) {
        Paging paging = Paging.of(pageSize, bookmark);
        return audit.recognitions(SerialWrites.required("targetId", targetId), paging);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
