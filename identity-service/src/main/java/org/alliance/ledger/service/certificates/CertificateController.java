package org.alliance.ledger.service.certificates;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.alliance.ledger.core.record.CertificateAction;
import org.alliance.ledger.service.web.Idempotent;
import org.springframework.http.MediaType;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code /api/certificates}: issue and change certificates (issuer role), and the public status
 * and verification endpoints whose names other tools depend on.
 */
@RestController
class CertificateController {
    private final CertificateService certificates;

    /**
     * Creates the controller.
     *
     * @param certificates the certificate service
     */
    CertificateController(CertificateService certificates) {
        this.certificates = certificates;
    }

    /**
     * Issues a certificate for an approved case.
     *
     * @param caseId the case
     * @param typeCode the type code
     * @param validFrom first valid day (ISO), optional
     * @param validTo last valid day (ISO), optional
     * @param certificateId explicit id, optional
     * @param file the certificate file (PDF or OFD)
     * @return 201 with the certificate
     */
    @PostMapping(path = "/api/certificates", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Issue a certificate for an approved case (issuer): the file's hash, a type code, a GB/T 36904-style id, validity")
    @ResponseStatus(HttpStatus.CREATED)
    @Idempotent
    public CertificateChange issue(
            @Parameter(required = true, description = "已批准的办件 / an approved case", example = "ZZ-2026-000001")
                    @RequestParam(required = false) String caseId,
            @Parameter(required = true, description = "证照类型代码 / the certificate type code", example = "SIT01")
                    @RequestParam(required = false) String typeCode,
            @Parameter(description = "生效日，默认今天 / first valid day (ISO date), default today",
                    example = "2026-12-07") @RequestParam(required = false) String validFrom,
            @Parameter(description = "截止日，默认长期 / last valid day (ISO date), default unlimited",
                    example = "2031-12-06") @RequestParam(required = false) String validTo,
            @Parameter(description = "证照编号，默认自动生成 / the certificate id, generated when left out",
                    example = "SIT01-350600-2026-000001") @RequestParam(required = false) String certificateId,
            @Parameter(required = true, description = "证照文件 / the certificate file (PDF or OFD)")
                    @RequestPart(required = false) MultipartFile file) {
        return certificates.issue(new CertificateService.IssueRequest(caseId, typeCode, validFrom, validTo, certificateId),
                file);
    }

    /**
     * Suspends a certificate.
     *
     * @param id the certificate
     * @param request the reason
     * @return the change
     */
    @PostMapping("/api/certificates/{id}/suspend")
    @Operation(summary = "Suspend a valid certificate (issuer org, issuer); reason code required, note optional (kept off the ledger)")
    @Idempotent
    public CertificateChange suspend(
            @Parameter(description = "证照编号 / the certificate id", example = "SIT01-350600-2026-000001")
                    @PathVariable String id, @RequestBody(required = false) ChangeRequest request) {
        return certificates.change(id, CertificateAction.SUSPEND, request == null ? ChangeRequest.NONE : request);
    }

    /**
     * Reinstates a suspended certificate.
     *
     * @param id the certificate
     * @param request the reason, optional
     * @return the change
     */
    @PostMapping("/api/certificates/{id}/reinstate")
    @Operation(summary = "Reinstate a suspended certificate (issuer org, issuer)")
    @Idempotent
    public CertificateChange reinstate(
            @Parameter(description = "证照编号 / the certificate id", example = "SIT01-350600-2026-000001")
                    @PathVariable String id, @RequestBody(required = false) ChangeRequest request) {
        return certificates.change(id, CertificateAction.REINSTATE, request == null ? ChangeRequest.NONE : request);
    }

    /**
     * Revokes a certificate for good.
     *
     * @param id the certificate
     * @param request the reason
     * @return the change
     */
    @PostMapping("/api/certificates/{id}/revoke")
    @Operation(summary = "Revoke a certificate (issuer org, issuer); reason code required, note optional (kept off the ledger); the id can never be issued again")
    @Idempotent
    public CertificateChange revoke(
            @Parameter(description = "证照编号 / the certificate id", example = "SIT01-350600-2026-000001")
                    @PathVariable String id, @RequestBody(required = false) ChangeRequest request) {
        return certificates.change(id, CertificateAction.REVOKE, request == null ? ChangeRequest.NONE : request);
    }

    /**
     * Public: a certificate's status and provenance.
     *
     * @param id the certificate
     * @return the verdict
     */
    @GetMapping("/api/certificates/{id}/status")
    @Operation(summary = "Public: status VALID, SUSPENDED, REVOKED or UNKNOWN with provenance")
    public CertificateVerdict status(
            @Parameter(description = "证照编号 / the certificate id", example = "SIT01-350600-2026-000001")
                    @PathVariable String id) {
        return certificates.status(id);
    }

    /**
     * Public: the verdict about an uploaded certificate file.
     *
     * @param file the file
     * @param certificateId the id printed on it, optional
     * @return the verdict
     */
    @PostMapping(path = "/api/certificates/verify", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Public: upload a certificate file (multipart 'file', optional 'certificateId'); status and provenance")
    public CertificateVerdict verify(
            @Parameter(required = true, description = "证照文件 / the certificate file (PDF or OFD)")
                    @RequestPart(required = false) MultipartFile file,
            @Parameter(description = "文件上印的证照编号 / the id printed on it", example = "SIT01-350600-2026-000001")
                    @RequestParam(required = false) String certificateId) {
        return certificates.verify(file, certificateId);
    }
}
