package org.alliance.ledger.service.agreements;

import java.util.List;
import java.util.Optional;
import org.alliance.ledger.core.rules.AgreementVersionView;

/**
 * An agreement as the next write sees it: the ledger's versions with this service's records still
 * in the outbox applied on top, in the same way the agreement rule applies them.
 *
 * @param agreementId the agreement
 * @param activeVersion the version in force, 0 if none yet
 * @param versions every version, in order
 * @param head the hash {@code ALG:HEX} of the agreement's latest record, the next record's {@code prev}
 */
public record AgreementState(String agreementId, int activeVersion, List<AgreementVersionView> versions,
        String head) {
    /** Copies the versions. */
    public AgreementState {
        versions = List.copyOf(versions);
    }

    /**
     * A version.
     *
     * @param version the number
     * @return the version, if proposed
     */
    public Optional<AgreementVersionView> version(int version) {
        return versions.stream().filter(v -> v.version() == version).findFirst();
    }

    /**
     * The version in force.
     *
     * @return the active version, if any
     */
    public Optional<AgreementVersionView> active() {
        return activeVersion == 0 ? Optional.empty() : version(activeVersion);
    }

    /**
     * The proposal awaiting signatures; the rule allows only one at a time.
     *
     * @return the pending version, if any
     */
    public Optional<AgreementVersionView> pending() {
        return versions.stream().filter(v -> v.status() == AgreementVersionView.Status.PROPOSED).findFirst();
    }
}
