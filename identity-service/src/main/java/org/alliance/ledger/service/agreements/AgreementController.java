package org.alliance.ledger.service.agreements;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.alliance.ledger.service.web.Idempotent;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/agreements}: alliance administration. Writes are for the admin role (security
 * configuration); membership, versions and signatories are checked by {@link AgreementService}
 * with the agreement rule's codes.
 */
@RestController
class AgreementController {
    private final AgreementService agreements;

    /**
     * Creates the controller.
     *
     * @param agreements the agreement service
     */
    AgreementController(AgreementService agreements) {
        this.agreements = agreements;
    }

    /**
     * Proposes a new agreement.
     *
     * @param request the agreement with its members and catalogue
     * @return 201 with the agreement
     */
    @PostMapping("/api/agreements")
    @Operation(summary = "Propose version 1 of a new agreement with its members and item catalogue (admin); "
            + "it is in force once every member has signed")
    @ResponseStatus(HttpStatus.CREATED)
    @Idempotent
    public AgreementDetails propose(@RequestBody AgreementRequest request) {
        return agreements.propose(request);
    }

    /**
     * Proposes an amendment.
     *
     * @param id the agreement
     * @param request the amended members and catalogue
     * @return 201 with the agreement
     */
    @PostMapping("/api/agreements/{id}/amendments")
    @Operation(summary = "Propose the next version of an agreement in force (admin); it replaces the current "
            + "version once every member of both has signed")
    @ResponseStatus(HttpStatus.CREATED)
    @Idempotent
    public AgreementDetails amend(
            @Parameter(description = "协议标识 / the agreement id", example = "agr-demo-alliance")
                    @PathVariable String id, @RequestBody AgreementRequest request) {
        return agreements.amend(id, request);
    }

    /**
     * Signs a pending version as this org.
     *
     * @param id the agreement
     * @param version the version
     * @return the agreement
     */
    @PostMapping("/api/agreements/{id}/versions/{version}/sign")
    @Operation(summary = "Sign (endorse) the proposal of a pending version as this org (admin)")
    @Idempotent
    public AgreementDetails sign(
            @Parameter(description = "协议标识 / the agreement id", example = "agr-demo-alliance")
                    @PathVariable String id,
            @Parameter(description = "协议版本 / the version", example = "2")
                    @PathVariable int version) {
        return agreements.sign(id, version);
    }

    /**
     * The version in force and the pending proposals.
     *
     * @param id the agreement
     * @return the agreement
     */
    @GetMapping("/api/agreements/{id}")
    @Operation(summary = "An agreement: the version in force, proposals awaiting signatures, who has signed")
    @ApiResponse(responseCode = "200", description = "协议 / the agreement")
    @ApiResponse(responseCode = "404", description = "无此协议 / no such agreement (UNKNOWN_AGREEMENT)")
    public AgreementDetails get(
            @Parameter(description = "协议标识 / the agreement id", example = "agr-demo-alliance")
                    @PathVariable String id) {
        return agreements.view(id);
    }
}
