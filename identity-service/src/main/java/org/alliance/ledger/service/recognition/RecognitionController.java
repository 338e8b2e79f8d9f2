package org.alliance.ledger.service.recognition;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import org.alliance.ledger.service.web.Idempotent;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/recognitions}: recognise or refuse another member's approval or certificate, and read
 * a recognition back with its current ledger status (approver or clerk; the auditor's view of who
 * recognised what is under {@code /api/audit}).
 */
@RestController
class RecognitionController {
    private final RecognitionService recognitions;

    /**
     * Creates the controller.
     *
     * @param recognitions the recognition service
     */
    RecognitionController(RecognitionService recognitions) {
        this.recognitions = recognitions;
    }

    /**
     * Records a recognition.
     *
     * @param request the recognition
     * @return 201 with the recognition
     */
    @PostMapping("/api/recognitions")
    @Operation(summary = "Recognise (or refuse, with a reason) another member's approval or certificate within an agreement covering the item")
    @ResponseStatus(HttpStatus.CREATED)
    @Idempotent
    public Recognition recognise(@Valid @RequestBody RecognitionService.RecognitionRequest request) {
        return recognitions.recognise(request);
    }

    /**
     * A recognition with its current ledger status, for its writer to follow it to COMMITTED.
     *
     * @param id the recognition id
     * @return the recognition, as the write answered it but with the ledger status now
     */
    @GetMapping("/api/recognitions/{id}")
    @Operation(summary = "A recognition with its current ledger status (PENDING, SUBMITTED, COMMITTED with txId, "
            + "FAILED with reason): this instance's own from its outbox, any member's from the ledger; "
            + "404 UNKNOWN_RECORD when there is no recognition with that id")
    @ApiResponse(responseCode = "200", description = "互认及其账本状态 / the recognition and its ledger status")
    @ApiResponse(responseCode = "404", description = "无此互认 / no such recognition (UNKNOWN_RECORD)")
    public Recognition get(
            @Parameter(description = "互认标识 / the recognition id", example = "rec-8d2e4f6a-1b3c-4d5e-9f70-a1b2c3d4e5f6")
                    @PathVariable String id) {
        return recognitions.view(id);
    }
}
