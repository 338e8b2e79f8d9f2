package org.alliance.ledger.service.identity.challenge;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.alliance.ledger.face.ChallengeAction;

/**
 * A liveness challenge the server issued.
 *
 * @param nonce 128 random bits, 32 lowercase hex; single use
 * @param actions what the person must do, in order
 * @param expiresAt when the nonce stops being accepted
 */
@Schema(description = "活体挑战 / a liveness challenge", example = """
        {"nonce": "a70de3519262437335c872401982c9df", "actions": ["BLINK", "TURN_RIGHT"],
         "expiresAt": "2026-12-07T02:17:30.515252634Z"}
        """)
public record Challenge(String nonce, List<ChallengeAction> actions, Instant expiresAt) {
    /** Copies the actions and checks the parts. */
    public Challenge {
        Objects.requireNonNull(nonce, "nonce");
        actions = List.copyOf(actions);
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
