package org.alliance.ledger.service.agreements;

import io.swagger.v3.oas.annotations.Operation;
import org.alliance.ledger.service.web.Idempotency;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/agreements}: alliance administration. Writes are for the admin role (security
 * configuration); membership, versions and signatories are checked by {@link AgreementService}
 * with the agreement rule's codes.
 */
@RestController
public class AgreementController {
    private final AgreementService agreements;

    /**
     * Creates the controller.
     *
     * @param agreements the agreement service
     */
    public AgreementController(AgreementService agreements) {
        this.agreements = agreements;
    }

    /**
     * Proposes a new agreement.
     *
     * @param request the agreement with its members and catalogue
     * @param key the idempotency key, optional
     * @return 201 with the agreement
     */
    @PostMapping("/api/agreements")
    @Operation(summary = "Propose version 1 of a new agreement with its members and item catalogue (admin); "
            + "it is in force once every member has signed")
    public ResponseEntity<String> propose(@RequestBody AgreementRequest request,
            @RequestHeader(name = Idempotency.HEADER, required = false) String key) {
        return agreements.propose(request, key);
    }

    /**
     * Proposes an amendment.
     *
     * @param id the agreement
     * @param request the amended members and catalogue
     * @param key the idempotency key, optional
     * @return 201 with the agreement
     */
    @PostMapping("/api/agreements/{id}/amendments")
    @Operation(summary = "Propose the next version of an agreement in force (admin); it replaces the current "
            + "version once every member of both has signed")
    public ResponseEntity<String> amend(@PathVariable String id, @RequestBody AgreementRequest request,
            @RequestHeader(name = Idempotency.HEADER, required = false) String key) {
        return agreements.amend(id, request, key);
    }

    /**
     * Signs a pending version as this org.
     *
     * @param id the agreement
     * @param version the version
     * @param key the idempotency key, optional
     * @return the agreement
     */
    @PostMapping("/api/agreements/{id}/versions/{version}/sign")
    @Operation(summary = "Sign (endorse) the proposal of a pending version as this org (admin)")
    public ResponseEntity<String> sign(@PathVariable String id, @PathVariable int version,
            @RequestHeader(name = Idempotency.HEADER, required = false) String key) {
        return agreements.sign(id, version, key);
    }

    /**
     * The version in force and the pending proposals.
     *
     * @param id the agreement
     * @return the agreement
     */
    @GetMapping("/api/agreements/{id}")
    @Operation(summary = "An agreement: the version in force, proposals awaiting signatures, who has signed")
    public ResponseEntity<String> get(@PathVariable String id) {
        return Idempotency.ok(agreements.view(id));
    }
}
