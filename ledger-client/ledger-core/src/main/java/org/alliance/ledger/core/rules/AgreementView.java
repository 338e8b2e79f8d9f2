package org.alliance.ledger.core.rules;

import java.util.List;
import java.util.Optional;

/**
 * An agreement with every version.
 *
 * @param agreementId the agreement
 * @param activeVersion the version in force, 0 if none is active yet
 * @param latestVersion the latest proposed version
 * @param versions every version in order
 */
public record AgreementView(String agreementId, int activeVersion, int latestVersion,
        List<AgreementVersionView> versions) {
    /** Copies the versions. */
    public AgreementView {
        versions = List.copyOf(versions);
    }

    /**
     * The version in force.
     *
     * @return the active version, if any
     */
    public Optional<AgreementVersionView> active() {
        return versions.stream().filter(v -> v.version() == activeVersion && activeVersion > 0).findFirst();
    }
}
