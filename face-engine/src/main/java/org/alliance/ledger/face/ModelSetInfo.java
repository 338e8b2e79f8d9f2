package org.alliance.ledger.face;

import java.util.Objects;

/**
 * A model set as an attestation names it: the set's id and the licence its manifest states for
 * the set as a whole.
 *
 * @param id the set's id, for example {@code dlib-cc0}
 * @param licence the set's licence, for example {@code CC0-1.0}
 */
public record ModelSetInfo(String id, String licence) {
    /** Requires both fields. */
    public ModelSetInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(licence, "licence");
    }
}
