package org.alliance.ledger.core.record;

import java.util.Locale;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;

/** The people and service roles, as carried in client identities. */
public enum Role {
    /** A person applying for an item. */
    APPLICANT,
    /** A window clerk in an accepting region: receives, forwards and closes cases. */
    CLERK,
    /** An approver in a home region: approves, rejects or asks for more material. */
    APPROVER,
    /** An issuer: issues results and manages certificates. */
    ISSUER,
    /** A read-only auditor. */
    AUDITOR,
    /** An org administrator: signs agreements and amendments. */
    ADMIN,
    /** A machine identity, such as the identity service that writes attestations and checkpoints. */
    SERVICE;

    /**
     * Parses a role name case-insensitively.
     *
     * @param name the role name, such as {@code approver}
     * @return the role
     * @throws RuleException with {@link ErrorCode#WRONG_ROLE} if the name is unknown
     */
    public static Role parse(String name) {
        if (name == null || name.isBlank()) {
            throw new RuleException(ErrorCode.WRONG_ROLE, "caller has no role");
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RuleException(ErrorCode.WRONG_ROLE, "unknown role '" + name + "'");
        }
    }

    /**
     * The lowercase name used in certificate attributes and configuration.
     *
     * @return the external name
     */
    public String externalName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
