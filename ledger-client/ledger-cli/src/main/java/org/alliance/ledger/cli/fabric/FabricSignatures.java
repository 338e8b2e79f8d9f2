package org.alliance.ledger.cli.fabric;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECKey;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * ECDSA signatures in the form Fabric accepts: SHA-256, DER, and {@code s} in the lower half of
 * the group order. Fabric refuses high-S signatures on requests and normalises them in
 * certificates, so everything this package signs goes through here.
 */
public final class FabricSignatures {
    private static final Provider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();

    private FabricSignatures() {
    }

    /**
     * Signs data with SHA-256 and ECDSA and returns a low-S DER signature.
     *
     * @param key an EC private key
     * @param data the bytes to sign
     * @return the DER signature
     * @throws IllegalArgumentException if the key is not an EC key
     */
    public static byte[] signLowS(PrivateKey key, byte[] data) {
        if (!(key instanceof ECKey ec)) {
            throw new IllegalArgumentException("Fabric identities need an EC key, not " + key.getAlgorithm());
        }
        BigInteger order = ec.getParams().getOrder();
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA", BC);
            signer.initSign(key, RANDOM);
            signer.update(data);
            ASN1Sequence rs = ASN1Sequence.getInstance(signer.sign());
            BigInteger r = ASN1Integer.getInstance(rs.getObjectAt(0)).getValue();
            BigInteger s = ASN1Integer.getInstance(rs.getObjectAt(1)).getValue();
            if (s.compareTo(order.shiftRight(1)) > 0) {
                s = order.subtract(s);
            }
            return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign with ECDSA: " + e.getMessage(), e);
        }
    }
}
