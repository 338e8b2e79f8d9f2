package org.alliance.ledger.core.log;

import java.util.Objects;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;

/**
 * What a {@link Witness} answered: the checkpoint with its co-signature, or a {@link
 * WitnessRefusal} with the evidence.
 */
public sealed interface WitnessDecision permits WitnessDecision.Cosigned, WitnessRefusal {
    /**
     * The witness co-signed.
     *
     * @param checkpoint the checkpoint as submitted, with the witness's co-signature added
     */
    record Cosigned(SignedCheckpoint checkpoint) implements WitnessDecision {
        /** Checks presence. */
        public Cosigned {
            Objects.requireNonNull(checkpoint, "checkpoint");
        }
    }
}
