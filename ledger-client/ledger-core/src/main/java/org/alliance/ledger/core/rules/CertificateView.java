package org.alliance.ledger.core.rules;

import java.util.List;

/**
 * A certificate's current state and its full history.
 *
 * @param state the current state
 * @param history every change in order, the issue first
 */
public record CertificateView(CertificateState state, List<CertificateHistoryEntry> history) {
    /** Copies the history. */
    public CertificateView {
        history = List.copyOf(history);
    }
}
