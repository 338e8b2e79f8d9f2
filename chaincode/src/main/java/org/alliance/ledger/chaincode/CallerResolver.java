package org.alliance.ledger.chaincode;

import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.naming.InvalidNameException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.error.RuleException;
import org.hyperledger.fabric.contract.ClientIdentity;

/**
 * Turns the Fabric client identity of a transaction into the rules' {@link Caller}.
 *
 * <p>The org is the MSP id, which the peer has already checked against the channel's MSPs. The
 * role comes from the certificate attribute {@value #ROLE_ATTRIBUTE} (Fabric CA attribute
 * extension {@code 1.2.3.4.5.6.7.8.1}), because only the org's CA can put it there. A
 * certificate without that attribute is an administrator if its subject carries the NodeOU
 * {@code OU=admin}; any other identity has no role and may not write.
 */
public final class CallerResolver {
    /** The certificate attribute that carries the role, such as {@code approver}. */
    public static final String ROLE_ATTRIBUTE = "alliance.role";
    /** The NodeOU identifier of Fabric administrators, compared exactly as Fabric's MSP does. */
    public static final String ADMIN_NODE_OU = "admin";

    private CallerResolver() {
    }

    /**
     * Resolves the caller of a transaction.
     *
     * @param identity the transaction's client identity
     * @return the caller
     * @throws RuleException with {@link ErrorCode#WRONG_ROLE} if the identity carries no role or
     *     an unknown one
     */
    public static Caller resolve(ClientIdentity identity) {
        Objects.requireNonNull(identity, "identity");
        return new Caller(identity.getMSPID(), role(identity), identity.getId());
    }

    private static Role role(ClientIdentity identity) {
        String attribute = identity.getAttributeValue(ROLE_ATTRIBUTE);
        if (attribute != null) {
            return Role.parse(attribute);
        }
        if (hasAdminNodeOu(identity.getX509Certificate())) {
            return Role.ADMIN;
        }
        throw new RuleException(
                ErrorCode.WRONG_ROLE,
                "client certificate has no '" + ROLE_ATTRIBUTE + "' attribute and is not an admin identity");
    }

    /**
     * Whether a certificate's subject holds the organizational unit {@code admin}, which is how
     * Fabric's NodeOUs mark administrators.
     *
     * @param cert the certificate, or null for a non-X.509 identity
     * @return true if the subject has {@code OU=admin}
     */
    static boolean hasAdminNodeOu(X509Certificate cert) {
        if (cert == null) {
            return false;
        }
        try {
            LdapName name = new LdapName(cert.getSubjectX500Principal().getName(X500Principal.RFC2253));
            for (Rdn rdn : name.getRdns()) {
                Attribute ou = rdn.toAttributes().get("OU");
                if (ou != null && contains(ou, ADMIN_NODE_OU)) {
                    return true;
                }
            }
            return false;
        } catch (InvalidNameException e) {
            // The JDK produced this RFC 2253 name itself, so it cannot be unparsable in practice.
            throw new IllegalStateException("certificate subject is not a valid distinguished name", e);
        }
    }

    private static boolean contains(Attribute attribute, String value) {
        try {
            NamingEnumeration<?> values = attribute.getAll();
            while (values.hasMore()) {
                if (value.equals(values.next())) {
                    return true;
                }
            }
            return false;
        } catch (NamingException e) {
            // A BasicAttribute built from an Rdn is held in memory and cannot fail to enumerate.
            throw new IllegalStateException("cannot read certificate subject attribute", e);
        }
    }
}
