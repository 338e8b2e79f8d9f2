package org.alliance.ledger.service.identity.challenge;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/identity/challenges}: a fresh liveness challenge. */
@RestController
class ChallengeController {
    private final ChallengeService challenges;

    /**
     * Creates the controller.
     *
     * @param challenges the challenge service
     */
    ChallengeController(ChallengeService challenges) {
        this.challenges = challenges;
    }

    /**
     * Issues a challenge.
     *
     * @return {@code {nonce, actions, flash, expiresAt}}
     */
    @PostMapping("/api/identity/challenges")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue a liveness challenge: a single-use nonce, the actions the frames must show, in order, "
            + "and the screen colours (with durations) to flash while the flash frames are captured")
    public Challenge create() {
        return challenges.issue();
    }
}
