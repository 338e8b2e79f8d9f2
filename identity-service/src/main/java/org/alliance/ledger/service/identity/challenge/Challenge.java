package org.alliance.ledger.service.identity.challenge;

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
public record Challenge(String nonce, List<ChallengeAction> actions, Instant expiresAt) {
    /** Copies the actions and checks the parts. */
    public Challenge {
        Objects.requireNonNull(nonce, "nonce");
        actions = List.copyOf(actions);
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
