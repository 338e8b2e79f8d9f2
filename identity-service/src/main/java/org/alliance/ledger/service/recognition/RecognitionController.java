package org.alliance.ledger.service.recognition;

import io.swagger.v3.oas.annotations.Operation;
import org.alliance.ledger.service.web.Idempotency;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/recognitions}: recognise or refuse another member's approval or certificate (approver or clerk). */
@RestController
public class RecognitionController {
    private final RecognitionService recognitions;

    /**
     * Creates the controller.
     *
     * @param recognitions the recognition service
     */
    public RecognitionController(RecognitionService recognitions) {
        this.recognitions = recognitions;
    }

    /**
     * Records a recognition.
     *
     * @param request the recognition
     * @param key the idempotency key, optional
     * @return 201 with the recognition
     */
    @PostMapping("/api/recognitions")
    @Operation(summary = "Recognise (or refuse, with a reason) another member's approval or certificate within an agreement covering the item")
    public ResponseEntity<String> recognise(@RequestBody RecognitionService.RecognitionRequest request,
            @RequestHeader(name = Idempotency.HEADER, required = false) String key) {
        return recognitions.recognise(request, key);
    }
}
