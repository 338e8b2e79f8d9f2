package org.alliance.ledger.chaincode;

import com.google.protobuf.ByteString;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * Real Fabric client identities for tests: ECDSA P-256 certificates issued by a throwaway CA,
 * optionally carrying Fabric CA's attribute extension, wrapped in a {@code SerializedIdentity}
 * exactly as a peer hands them to the chaincode in {@code getCreator()}.
 */
final class TestIdentities {
    /** Fabric CA's attribute extension. */
    static final ASN1ObjectIdentifier ATTRIBUTES_OID = new ASN1ObjectIdentifier("1.2.3.4.5.6.7.8.1");

    private static final AtomicLong SERIAL = new AtomicLong(1);
    private static final KeyPair CA_KEY = newKey();
    private static final X500Name CA_NAME = new X500Name("CN=ca.test.example,O=Test Alliance");

    private TestIdentities() {
    }

    /**
     * An identity whose certificate carries {@code alliance.role}.
     *
     * @param mspId the org
     * @param role the attribute value, such as {@code approver}
     * @return the serialized identity
     */
    static byte[] withRole(String mspId, String role) {
        return serialized(mspId, "CN=user1,OU=client", "{\"attrs\":{\"alliance.role\":\"" + role + "\"}}");
    }

    /**
     * An identity without the role attribute.
     *
     * @param mspId the org
     * @param subject the certificate subject, such as {@code CN=Admin,OU=admin}
     * @return the serialized identity
     */
    static byte[] withoutRole(String mspId, String subject) {
        return serialized(mspId, subject, null);
    }

    /**
     * An identity with an arbitrary attribute extension.
     *
     * @param mspId the org
     * @param subject the certificate subject
     * @param attributesJson the extension's JSON, or null for none
     * @return the serialized identity
     */
    static byte[] serialized(String mspId, String subject, String attributesJson) {
        try {
            KeyPair key = newKey();
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    CA_NAME,
                    BigInteger.valueOf(SERIAL.getAndIncrement()),
                    Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(1))),
                    new X500Name(subject),
                    key.getPublic());
            if (attributesJson != null) {
                // Fabric CA puts the raw JSON in the extension value, not a DER-wrapped string.
                builder.addExtension(ATTRIBUTES_OID, false, attributesJson.getBytes(StandardCharsets.UTF_8));
            }
            var cert = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(CA_KEY.getPrivate())));
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
                writer.writeObject(cert);
            }
            return SerializedIdentity.newBuilder()
                    .setMspid(mspId)
                    .setIdBytes(ByteString.copyFromUtf8(pem.toString()))
                    .build()
                    .toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException("cannot build test identity", e);
        }
    }

    private static KeyPair newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
