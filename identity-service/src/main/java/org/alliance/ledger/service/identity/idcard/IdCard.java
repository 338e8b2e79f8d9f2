package org.alliance.ledger.service.identity.idcard;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The fields of a resident ID card after validation.
 *
 * @param idNumber the normalised 18-character ID number (upper-case check character)
 * @param name the normalised name
 * @param validFrom the first day of validity
 * @param validTo the last day of validity, or {@code null} for a long-term (长期) card
 */
public record IdCard(String idNumber, String name, LocalDate validFrom, LocalDate validTo) {
    /** Checks that the mandatory parts are present. */
    public IdCard {
        Objects.requireNonNull(idNumber, "idNumber");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(validFrom, "validFrom");
    }

    /**
     * Whether the card never expires.
     *
     * @return true for a long-term card
     */
    public boolean longTerm() {
        return validTo == null;
    }

    /** Never prints the ID number or the name, so the record cannot leak into logs. */
    @Override
    public String toString() {
        return "IdCard[redacted]";
    }
}
