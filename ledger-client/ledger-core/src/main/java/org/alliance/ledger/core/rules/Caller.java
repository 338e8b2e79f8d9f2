package org.alliance.ledger.core.rules;

import java.util.Objects;
import org.alliance.ledger.core.record.Role;

/**
 * Who is asking: the org (Fabric MSP id) and the role, taken from the client identity.
 *
 * @param mspId the caller's org
 * @param role the caller's role
 * @param clientId a stable id of the client identity, for attribution
 */
public record Caller(String mspId, Role role, String clientId) {
    /** Checks that every part is present. */
    public Caller {
        Objects.requireNonNull(mspId, "mspId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(clientId, "clientId");
    }
}
