package org.alliance.ledger.service.cases;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.service.audit.Paging;
import org.alliance.ledger.service.web.Idempotent;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/cases}: receive a case, take its steps, list the cases waiting on a side. Roles are enforced by the security
 * configuration (a clerk receives, forwards, supplements and closes; an approver approves, rejects
 * or requests material; an issuer issues); the region and the order are checked by
 * {@link CaseService} with the rules' codes.
 */
@RestController
class CaseController {
    private final CaseService cases;
    private final CaseListService list;

    /**
     * Creates the controller.
     *
     * @param cases the case service
     * @param list the case list
     */
    CaseController(CaseService cases, CaseListService list) {
        this.cases = cases;
        this.list = list;
    }

    /**
     * The cases in a state where this region plays a side; by default those waiting for this
     * region's approval.
     *
     * @param state the state, default FORWARDED
     * @param role {@code home} (default) or {@code accepting}
     * @param pageSize 1 to 100
     * @param bookmark the previous page's bookmark
     * @return the page
     */
    @GetMapping("/api/cases")
    @Operation(summary = "Cases in a state (default FORWARDED) where this region is the home (default) or accepting "
            + "region; a page may be short while its bookmark goes on (bounded ledger scan)")
    public CaseList list(
            @Parameter(example = "FORWARDED") @RequestParam(defaultValue = "FORWARDED") CaseState state,
            @Parameter(description = "home 或 accepting / home or accepting", example = "home")
                    @RequestParam(defaultValue = "home") String role, @RequestParam(required = false) Integer pageSize,
            @RequestParam(required = false) String bookmark) {
        Paging paging = Paging.of(pageSize, bookmark);
        return list.list(CaseListService.side(role), state, paging);
    }

    /**
     * Receives a case.
     *
     * @param request the filing
     * @return 201 with the case
     */
    @PostMapping("/api/cases")
    @Operation(summary = "Receive a case at this (accepting) region; 201 with the case, its CASE record PENDING in the outbox")
    @ResponseStatus(HttpStatus.CREATED)
    @Idempotent
    public CaseView receive(@Valid @RequestBody ReceiveRequest request) {
        return cases.receive(request);
    }

    /**
     * Forwards a case to its home region.
     *
     * @param id the case
     * @param request attachments, optional
     * @return the case
     */
    @PostMapping("/api/cases/{id}/forward")
    @Operation(summary = "Forward a received case to its home region (accepting region, clerk)")
    @Idempotent
    public CaseView forward(
            @Parameter(description = "办件标识 / the case id", example = "case-3f1c9a2e-7b4d-4e8a-9c21-5d6f0a8b7e14")
                    @PathVariable String id, @RequestBody(required = false) StepRequest request) {
        return step(id, CaseAction.FORWARD, request);
    }

    /**
     * Approves a case.
     *
     * @param id the case
     * @param request attachments, optional
     * @return the case
     */
    @PostMapping("/api/cases/{id}/approve")
    @Operation(summary = "Approve a forwarded case (home region, approver)")
    @Idempotent
    public CaseView approve(
            @Parameter(description = "办件标识 / the case id", example = "case-3f1c9a2e-7b4d-4e8a-9c21-5d6f0a8b7e14")
                    @PathVariable String id, @RequestBody(required = false) StepRequest request) {
        return step(id, CaseAction.APPROVE, request);
    }

    /**
     * Rejects a case.
     *
     * @param id the case
     * @param request attachments (the reasoning's hash), optional
     * @return the case
     */
    @PostMapping("/api/cases/{id}/reject")
    @Operation(summary = "Reject a forwarded case (home region, approver)")
    @Idempotent
    public CaseView reject(
            @Parameter(description = "办件标识 / the case id", example = "case-3f1c9a2e-7b4d-4e8a-9c21-5d6f0a8b7e14")
                    @PathVariable String id, @RequestBody(required = false) StepRequest request) {
        return step(id, CaseAction.REJECT, request);
    }

    /**
     * Asks for more material.
     *
     * @param id the case
     * @param request attachments (the request's hash), optional
     * @return the case
     */
    @PostMapping("/api/cases/{id}/request-material")
    @Operation(summary = "Ask the accepting region for more material (home region, approver)")
    @Idempotent
    public CaseView requestMaterial(
            @Parameter(description = "办件标识 / the case id", example = "case-3f1c9a2e-7b4d-4e8a-9c21-5d6f0a8b7e14")
                    @PathVariable String id,
            @RequestBody(required = false) StepRequest request) {
        return step(id, CaseAction.REQUEST_MATERIAL, request);
    }

    /**
     * Supplies the requested material and forwards again.
     *
     * @param id the case
     * @param request the new materials' hashes
     * @return the case
     */
    @PostMapping("/api/cases/{id}/supplement")
    @Operation(summary = "Supply requested material and forward again (accepting region, clerk)")
    @Idempotent
    public CaseView supplement(
            @Parameter(description = "办件标识 / the case id", example = "case-3f1c9a2e-7b4d-4e8a-9c21-5d6f0a8b7e14")
                    @PathVariable String id, @RequestBody(required = false) StepRequest request) {
        return step(id, CaseAction.SUPPLEMENT, request);
    }

    /**
     * Issues the result at a chosen window.
     *
     * @param id the case
     * @param request the window and attachments
     * @return the case
     */
    @PostMapping("/api/cases/{id}/issue")
    @Operation(summary = "Issue the result of an approved case at a chosen window (accepting region, issuer)")
    @Idempotent
    public CaseView issue(
            @Parameter(description = "办件标识 / the case id", example = "case-3f1c9a2e-7b4d-4e8a-9c21-5d6f0a8b7e14")
                    @PathVariable String id, @RequestBody(required = false) StepRequest request) {
        return step(id, CaseAction.ISSUE, request);
    }

    /**
     * Closes an issued or rejected case.
     *
     * @param id the case
     * @param request attachments, optional
     * @return the case
     */
    @PostMapping("/api/cases/{id}/close")
    @Operation(summary = "Close an issued or rejected case (accepting region, clerk)")
    @Idempotent
    public CaseView close(
            @Parameter(description = "办件标识 / the case id", example = "case-3f1c9a2e-7b4d-4e8a-9c21-5d6f0a8b7e14")
                    @PathVariable String id, @RequestBody(required = false) StepRequest request) {
        return step(id, CaseAction.CLOSE, request);
    }

    /**
     * A case with its steps and their ledger status.
     *
     * @param id the case
     * @return the case
     */
    @GetMapping("/api/cases/{id}")
    @Operation(summary = "A case: state, deadline, steps with the ledger status of each record")
    @ApiResponse(responseCode = "200", description = "办件及各步骤 / the case and its steps")
    @ApiResponse(responseCode = "404", description = "无此办件 / no such case (UNKNOWN_CASE)")
    public CaseView get(
            @Parameter(description = "办件标识 / the case id", example = "case-3f1c9a2e-7b4d-4e8a-9c21-5d6f0a8b7e14")
                    @PathVariable String id) {
        return cases.view(id);
    }

    private CaseView step(String id, CaseAction action, StepRequest request) {
        return cases.step(id, action, request == null ? StepRequest.NONE : request);
    }
}
