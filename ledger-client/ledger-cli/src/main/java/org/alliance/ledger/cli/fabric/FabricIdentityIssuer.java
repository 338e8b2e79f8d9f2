package org.alliance.ledger.cli.fabric;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.alliance.ledger.core.crypto.CryptoException;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.record.Role;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * Issues Fabric enrollment certificates from an org's CA key and writes them as a local MSP
 * directory, doing what a Fabric CA server does at enrollment without running one.
 *
 * <p>The role goes into the Fabric CA attribute extension {@value #ATTRIBUTE_OID}, whose value is
 * the raw JSON bytes {@code {"attrs":{"alliance.role":"clerk"}}}: that is the form Fabric CA
 * writes and the chaincode's client identity reads. Certificates are ECDSA P-256 signed with
 * SHA-256 and a low-S signature, because Fabric's MSP verifies only ECDSA and Ed25519 and
 * normalises signatures to low-S when it compares identities.
 */
public final class FabricIdentityIssuer {
    /** The Fabric CA attribute extension. */
    public static final String ATTRIBUTE_OID = "1.2.3.4.5.6.7.8.1";
    /** The certificate attribute that carries the contract role. */
    public static final String ROLE_ATTRIBUTE = "alliance.role";

    /** Clock skew tolerated between this machine and the nodes that check the certificate. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Provider BC = new BouncyCastleProvider();

    private final X509Certificate caCert;
    private final PrivateKey caKey;
    private final X509Certificate tlsCaCert;

    /**
     * Creates an issuer for one org.
     *
     * @param caCert the org's CA certificate, which the channel's MSP definition lists
     * @param caKey the CA's private key, ECDSA P-256
     * @param tlsCaCert the org's TLS CA certificate, copied into the MSP's {@code tlscacerts}, or null
     * @throws IllegalArgumentException if the certificate is no CA, the key is not P-256, or the key
     *     does not belong to the certificate
     */
    public FabricIdentityIssuer(X509Certificate caCert, PrivateKey caKey, X509Certificate tlsCaCert) {
        this.caCert = Objects.requireNonNull(caCert, "caCert");
        this.caKey = Objects.requireNonNull(caKey, "caKey");
        this.tlsCaCert = tlsCaCert;
        if (caCert.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("CA certificate " + caCert.getSubjectX500Principal().getName()
                    + " is not a CA certificate (no basicConstraints CA:true)");
        }
        if (Keys.algorithmOf(caKey) != SignatureAlgorithm.ECDSA_P256) {
            throw new IllegalArgumentException("the CA key must be ECDSA P-256, as Fabric's MSP requires");
        }
        if (!belongsTo(caKey, caCert.getPublicKey())) {
            throw new IllegalArgumentException("the CA key does not belong to the CA certificate "
                    + caCert.getSubjectX500Principal().getName());
        }
    }

    /**
     * An enrolled identity.
     *
     * @param certificate the enrollment certificate
     * @param privateKey its private key
     */
    public record Enrollment(X509Certificate certificate, PrivateKey privateKey) {
    }

    /**
     * Issues a certificate for a fresh P-256 key.
     *
     * @param name the common name, such as {@code clerk}
     * @param nodeOu the NodeOU class written as the subject's {@code OU}
     * @param role the contract role for the attribute extension, or null for none
     * @param validity how long the certificate is valid from now
     * @return the certificate and its key
     * @throws IllegalArgumentException if the name is blank or the validity not positive
     */
    public Enrollment issue(String name, NodeOu nodeOu, Role role, Duration validity) {
        Objects.requireNonNull(nodeOu, "nodeOu");
        if (name == null || name.isBlank() || name.contains("/")) {
            throw new IllegalArgumentException("the name must be a non-empty common name without '/'");
        }
        if (validity == null || validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("the validity must be positive");
        }
        KeyPair pair = Keys.generate(SignatureAlgorithm.ECDSA_P256);
        Instant now = Instant.now();
        Instant notBefore = now.minus(BACKDATE);
        Instant caNotBefore = caCert.getNotBefore().toInstant();
        if (notBefore.isBefore(caNotBefore)) {
            // Fabric's MSP checks an identity's chain as of the identity's own notBefore, so a
            // certificate that starts before its CA is refused even though both are valid now.
            notBefore = caNotBefore;
        }
        Instant notAfter = now.plus(validity);
        if (notAfter.isAfter(caCert.getNotAfter().toInstant())) {
            // A certificate that outlives its CA fails chain validation once the CA expires.
            notAfter = caCert.getNotAfter().toInstant();
        }
        try {
            X500Name issuer = X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded());
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    new BigInteger(128, RANDOM).setBit(127), Date.from(notBefore), Date.from(notAfter),
                    subject(issuer, name.strip(), nodeOu), pair.getPublic());
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new SubjectKeyIdentifier(sha256(pair.getPublic().getEncoded())));
            byte[] caKeyId = caCert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
            if (caKeyId != null) {
                byte[] id = ASN1OctetString.getInstance(ASN1OctetString.getInstance(caKeyId).getOctets()).getOctets();
                builder.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(id));
            }
            if (role != null) {
                // Fabric CA writes the JSON itself as the extension value, not wrapped in a further DER type.
                builder.addExtension(new Extension(new ASN1ObjectIdentifier(ATTRIBUTE_OID), false,
                        attributeJson(role).getBytes(StandardCharsets.UTF_8)));
            }
            X509CertificateHolder holder = builder.build(new LowSEcdsaSigner(caKey));
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
            cert.verify(caCert.getPublicKey());
            return new Enrollment(cert, pair.getPrivate());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The attribute extension's JSON for a role.
     *
     * @param role the role
     * @return {@code {"attrs":{"alliance.role":"<role>"}}}
     */
    public static String attributeJson(Role role) {
        // Role names are plain lowercase letters, so no JSON escaping can be needed.
        return "{\"attrs\":{\"" + ROLE_ATTRIBUTE + "\":\"" + role.externalName() + "\"}}";
    }

    /**
     * Writes an enrollment as a local MSP directory with NodeOUs enabled: {@code signcerts/cert.pem},
     * {@code keystore/priv_sk}, {@code cacerts/ca.pem}, {@code tlscacerts/tlsca.pem} when a TLS CA
     * was given, and {@code config.yaml}.
     *
     * @param enrollment the identity
     * @param mspDir the directory; it must not already hold a signing certificate
     * @throws IllegalArgumentException if the directory already holds an identity
     * @throws UncheckedIOException if a file cannot be written
     */
    public void writeMsp(Enrollment enrollment, Path mspDir) {
        Path signcert = mspDir.resolve("signcerts").resolve("cert.pem");
        if (Files.exists(signcert)) {
            throw new IllegalArgumentException(mspDir + " already holds an identity (" + signcert + ")");
        }
        try {
            write(signcert, pem("CERTIFICATE", enrollment.certificate().getEncoded()));
            Path key = write(mspDir.resolve("keystore").resolve("priv_sk"), Keys.toPem(enrollment.privateKey()));
            restrictToOwner(key);
            write(mspDir.resolve("cacerts").resolve("ca.pem"), pem("CERTIFICATE", caCert.getEncoded()));
            if (tlsCaCert != null) {
                write(mspDir.resolve("tlscacerts").resolve("tlsca.pem"), pem("CERTIFICATE", tlsCaCert.getEncoded()));
            }
            write(mspDir.resolve("config.yaml"), nodeOuConfig("cacerts/ca.pem"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the MSP directory " + mspDir + ": " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
    }

    /**
     * The MSP {@code config.yaml} that turns NodeOUs on and ties every class to one CA file.
     *
     * @param caFile the CA certificate's path relative to the MSP directory
     * @return the YAML text
     */
    public static String nodeOuConfig(String caFile) {
        StringBuilder yaml = new StringBuilder("NodeOUs:\n  Enable: true\n");
        for (NodeOu ou : List.of(NodeOu.CLIENT, NodeOu.PEER, NodeOu.ADMIN, NodeOu.ORDERER)) {
            String key = ou.name().charAt(0) + ou.ou().substring(1) + "OUIdentifier";
            yaml.append("  ").append(key).append(":\n")
                    .append("    Certificate: ").append(caFile).append('\n')
                    .append("    OrganizationalUnitIdentifier: ").append(ou.ou()).append('\n');
        }
        return yaml.toString();
    }

    /**
     * Reads one PEM certificate.
     *
     * @param pem the PEM text
     * @return the certificate
     * @throws CryptoException if the text holds no X.509 certificate
     */
    public static X509Certificate readCertificatePem(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | ClassCastException e) {
            throw new CryptoException("not a PEM X.509 certificate: " + e.getMessage(), e);
        }
    }

    private static X500Name subject(X500Name caSubject, String name, NodeOu nodeOu) {
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        // The org's place and name come from its CA, as Fabric CA does; OU and CN are the identity's own.
        for (ASN1ObjectIdentifier type : List.of(BCStyle.C, BCStyle.ST, BCStyle.L, BCStyle.O)) {
            for (RDN rdn : caSubject.getRDNs(type)) {
                subject.addRDN(type, rdn.getFirst().getValue());
            }
        }
        subject.addRDN(BCStyle.OU, nodeOu.ou());
        subject.addRDN(BCStyle.CN, name);
        return subject.build();
    }

    private static boolean belongsTo(PrivateKey key, PublicKey publicKey) {
        try {
            byte[] probe = "alliance CA key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance("SHA256withECDSA", BC);
            signer.initSign(key, RANDOM);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA", BC);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] sha256(byte[] data) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: its own access rules apply.
        }
    }

    /** Signs the certificate through {@link FabricSignatures#signLowS}. */
    private static final class LowSEcdsaSigner implements ContentSigner {
        private final PrivateKey key;
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();

        LowSEcdsaSigner(PrivateKey key) {
            this.key = key;
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
        }

        @Override
        public OutputStream getOutputStream() {
            return data;
        }

        @Override
        public byte[] getSignature() {
            return FabricSignatures.signLowS(key, data.toByteArray());
        }
    }
}
