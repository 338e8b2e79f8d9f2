package org.alliance.ledger.cli.anchor;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Date;
import java.util.Optional;
import org.alliance.ledger.core.bundle.TrustStore;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Whether a Fabric identity belongs to the alliance: its certificate is issued by a CA the trust
 * store holds for the identity's org, was valid at the given time, and carries the expected
 * NodeOU ({@code peer} for an endorser, {@code orderer} for a consenter), as an MSP with NodeOUs
 * would classify it.
 */
final class Membership {
    private final TrustStore trust;

    Membership(TrustStore trust) {
        this.trust = trust;
    }

    /**
     * Checks an identity.
     *
     * @param mspId the org the identity claims
     * @param certificatePem its certificate, PEM or DER
     * @param ou the NodeOU it must carry
     * @param at when it must have been valid
     * @return empty if it is a member in that role, otherwise why not
     */
    Optional<String> problem(String mspId, byte[] certificatePem, String ou, Date at) {
        if (trust.caCertificates(mspId).isEmpty()) {
            return Optional.of(mspId + " is not an org of the alliance (no CA certificate in the trust directory)");
        }
        X509Certificate cert;
        try {
            cert = certificate(certificatePem);
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.of("the certificate of an identity of " + mspId + " is unreadable: " + e.getMessage());
        }
        String who = cert.getSubjectX500Principal().getName() + " of " + mspId;
        boolean issued = trust.caCertificates(mspId).stream().anyMatch(ca -> issuedBy(cert, ca));
        if (!issued) {
            return Optional.of(who + " is not issued by " + mspId + "'s CA: a certificate from outside the alliance");
        }
        try {
            cert.checkValidity(at);
        } catch (GeneralSecurityException e) {
            return Optional.of(who + " was not valid at " + at.toInstant() + ": " + e.getMessage());
        }
        RDN[] ous = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.OU);
        boolean role = Arrays.stream(ous).anyMatch(r -> ou.equals(IETFUtils.valueToString(r.getFirst().getValue())));
        return role ? Optional.empty() : Optional.of(who + " is not a " + ou + " (no OU=" + ou + ")");
    }

    static X509Certificate certificate(byte[] pemOrDer) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pemOrDer));
    }

    private static boolean issuedBy(X509Certificate cert, X509Certificate ca) {
        if (!cert.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        try {
            cert.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
