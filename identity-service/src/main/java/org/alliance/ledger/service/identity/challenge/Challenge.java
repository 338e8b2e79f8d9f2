package org.alliance.ledger.service.identity.challenge;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.alliance.ledger.face.ChallengeAction;
import org.alliance.ledger.face.ColourFlash;
import org.alliance.ledger.face.FlashColour;

/**
 * A liveness challenge the server issued.
 *
 * @param nonce 128 random bits, 32 lowercase hex; single use
 * @param actions what the person must do, in order
 * @param flash the screen colours the client shows while it films the face, in order, each with
 *     its duration; empty when the service issues no colour flash
 * @param expiresAt when the nonce stops being accepted
 */
@Schema(description = "活体挑战 / a liveness challenge", example = """
        {"nonce": "a70de3519262437335c872401982c9df", "actions": ["BLINK", "TURN_RIGHT"],
         "flash": [{"colour": "RED", "css": "#ff0000", "durationMs": 420},
                   {"colour": "CYAN", "css": "#00ffff", "durationMs": 350}],
         "expiresAt": "2026-12-07T02:17:30.515252634Z"}
        """)
public record Challenge(String nonce, List<ChallengeAction> actions, List<FlashStep> flash, Instant expiresAt) {
    /** Copies the lists and checks the parts. */
    public Challenge {
        Objects.requireNonNull(nonce, "nonce");
        actions = List.copyOf(actions);
        flash = List.copyOf(flash);
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * One colour of the flash, as the client shows it.
     *
     * @param colour the palette colour
     * @param css the colour to paint, {@code #rrggbb}
     * @param durationMs how long to show it, in milliseconds
     */
    public record FlashStep(FlashColour colour, String css, int durationMs) {
    }

    /**
     * A challenge with a colour flash, or none.
     *
     * @param nonce the nonce
     * @param actions the actions
     * @param flash the colour flash, or null
     * @param expiresAt the expiry
     * @return the challenge
     */
    static Challenge of(String nonce, List<ChallengeAction> actions, ColourFlash flash, Instant expiresAt) {
        return new Challenge(nonce, actions, flash == null ? List.of() : flash.steps().stream()
                .map(s -> new FlashStep(s.colour(), s.colour().css(), s.durationMs())).toList(), expiresAt);
    }

    /**
     * The colour flash the frames must follow.
     *
     * @return the sequence, or null if this challenge has none
     */
    public ColourFlash colourFlash() {
        return flash.isEmpty() ? null
                : new ColourFlash(flash.stream().map(s -> new ColourFlash.Step(s.colour(), s.durationMs())).toList());
    }
}
