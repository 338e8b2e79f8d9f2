package org.alliance.ledger.service.library;

import java.util.List;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.merkle.InclusionProof;

/**
 * The inclusion proof of one certificate of the library, exactly the JSON {@code ledger-cli bulk
 * prove} prints and {@code bulk verify} and {@code merkle verify} read, so a proof saved from the
 * API verifies offline as it is.
 *
 * @param leafIndex the certificate's leaf index
 * @param treeSize the library's size, that of the root it is checked against
 * @param hashes the audit path, bottom first, lowercase hex
 */
public record LibraryProof(long leafIndex, long treeSize, List<String> hashes) {
    /**
     * The proof's JSON form.
     *
     * @param proof the proof from the tiles
     * @return the answer
     */
    static LibraryProof of(InclusionProof proof) {
        return new LibraryProof(proof.leafIndex(), proof.treeSize(), proof.hashes().stream().map(Hex::encode).toList());
    }
}
