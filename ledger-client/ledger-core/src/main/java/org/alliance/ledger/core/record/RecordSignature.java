package org.alliance.ledger.core.record;

import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;

/**
 * The signature over a record's canonical JSON.
 *
 * @param alg {@code ecdsa-p256} or {@code sm2}
 * @param publicKey the signer's public key, base64 SubjectPublicKeyInfo DER
 * @param value the DER signature, base64
 */
public record RecordSignature(String alg, String publicKey, String value) {
    /** Checks the algorithm name and the base64 encodings; whether it verifies is the rules' job. */
    public RecordSignature {
        algorithm(alg);
        Fields.base64("signature.publicKey", publicKey, ErrorCode.BAD_SIGNATURE);
        Fields.base64("signature.value", value, ErrorCode.BAD_SIGNATURE);
    }

    /**
     * The signature algorithm.
     *
     * @return the algorithm
     */
    public SignatureAlgorithm algorithm() {
        return algorithm(alg);
    }

    /**
     * The public key's DER bytes.
     *
     * @return SubjectPublicKeyInfo DER
     */
    public byte[] publicKeyDer() {
        return Fields.base64("signature.publicKey", publicKey, ErrorCode.BAD_SIGNATURE);
    }

    /**
     * The signature's DER bytes.
     *
     * @return the DER signature
     */
    public byte[] valueDer() {
        return Fields.base64("signature.value", value, ErrorCode.BAD_SIGNATURE);
    }

    private static SignatureAlgorithm algorithm(String alg) {
        if (alg == null) {
            throw new RuleException(ErrorCode.BAD_SIGNATURE, "signature.alg is required");
        }
        try {
            return SignatureAlgorithm.fromId(alg);
        } catch (IllegalArgumentException e) {
            throw new RuleException(ErrorCode.BAD_SIGNATURE, "signature.alg: " + e.getMessage());
        }
    }
}
