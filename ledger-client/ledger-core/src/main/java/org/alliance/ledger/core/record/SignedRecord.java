package org.alliance.ledger.core.record;

import java.security.PublicKey;
import org.alliance.ledger.core.crypto.CryptoException;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.Signatures;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;

/**
 * An evidence record with its producer's signature.
 *
 * @param record the record
 * @param signature the signature over {@code canonical(record)}
 */
public record SignedRecord(EvidenceRecord record, RecordSignature signature) {
    /** Checks that both parts are present. */
    public SignedRecord {
        Fields.required("record", record);
        Fields.required("signature", signature);
    }

    /**
     * Checks that the signature verifies over the record's canonical JSON with the embedded key.
     * Whether that key belongs to the record's org is decided by the rules or by a trust store.
     *
     * @return the verified public key
     * @throws RuleException with {@link ErrorCode#BAD_SIGNATURE} if the key is unusable, does
     *     not match the algorithm, or the signature does not verify
     */
    public PublicKey verifySignature() {
        try {
            PublicKey key = Keys.publicKeyFromDer(signature.publicKeyDer());
            if (!Signatures.verify(signature.algorithm(), key, RecordCodec.toCanonicalJson(record),
                    signature.valueDer())) {
                throw new RuleException(ErrorCode.BAD_SIGNATURE, "signature of record " + record.id() + " does not verify");
            }
            return key;
        } catch (CryptoException e) {
            throw new RuleException(ErrorCode.BAD_SIGNATURE,
                    "unusable signature key on record " + record.id() + ": " + e.getMessage(), e);
        }
    }
}
