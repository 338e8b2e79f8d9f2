package org.alliance.ledger.cli.fabric;

import java.util.Locale;

/**
 * Fabric's NodeOU classes. Exactly one of them goes into a certificate's subject as {@code OU},
 * and the MSP's {@code config.yaml} maps each to the org's CA, so that policies such as
 * {@code OR('Org.orderer')} recognise the identity.
 */
public enum NodeOu {
    /** An application user; a role attribute says what it may do. */
    CLIENT,
    /** An org administrator. */
    ADMIN,
    /** A peer node. */
    PEER,
    /** An ordering node; needed when an orderer shares its org's MSP with the peers. */
    ORDERER;

    /**
     * The value written in the certificate subject and in {@code config.yaml}.
     *
     * @return the lowercase name
     */
    public String ou() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a NodeOU name case-insensitively.
     *
     * @param name {@code client}, {@code admin}, {@code peer} or {@code orderer}
     * @return the class
     * @throws IllegalArgumentException naming the accepted values
     */
    public static NodeOu parse(String name) {
        for (NodeOu ou : values()) {
            if (ou.ou().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return ou;
            }
        }
        throw new IllegalArgumentException("unknown NodeOU '" + name + "': use client, admin, peer or orderer");
    }
}
