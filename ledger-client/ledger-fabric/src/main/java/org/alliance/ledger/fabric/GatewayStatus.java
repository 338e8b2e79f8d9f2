package org.alliance.ledger.fabric;

import java.time.Instant;

/**
 * Where one configured user's calls go: the gateway peer in use, whether it is the preferred
 * one (the org's own, listed first), and the last peer found unreachable.
 *
 * @param mspId the user's org
 * @param role the user's role, as the alliance names it
 * @param peer the {@code host:port} of the gateway peer in use
 * @param preferred whether that is the first configured peer
 * @param since when calls moved to that peer; the epoch if they never moved
 * @param lastUnreachable the {@code host:port} last found unreachable, or null
 * @param lastUnreachableAt when, or null
 */
public record GatewayStatus(String mspId, String role, String peer, boolean preferred, Instant since,
        String lastUnreachable, Instant lastUnreachableAt) {
}
