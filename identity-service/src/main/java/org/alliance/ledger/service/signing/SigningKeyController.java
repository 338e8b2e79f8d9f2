package org.alliance.ledger.service.signing;

import io.swagger.v3.oas.annotations.Operation;
import org.alliance.ledger.core.record.RecordFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/signing-key}: the public half of the key this instance signs its records with.
 * An alliance's admins register it in the agreement, which is what makes the ledger accept this
 * instance's records, and verifiers of its records use it. Public: a public key is no secret.
 */
@RestController
class SigningKeyController {
    private final RecordFactory records;

    /**
     * Creates the controller.
     *
     * @param records the instance's record factory
     */
    SigningKeyController(RecordFactory records) {
        this.records = records;
    }

    /**
     * This instance's org and record-signing public key.
     *
     * @return the key
     */
    @GetMapping("/api/signing-key")
    @Operation(summary = "This instance's org and the public key it signs its records with (base64 "
            + "SubjectPublicKeyInfo DER), as an agreement registers it")
    SigningKey signingKey() {
        return new SigningKey(records.org(), records.signatureAlgorithm().id(), records.signatureAlgorithm().hash().id(),
                records.publicKeyBase64());
    }

    /**
     * An instance's record-signing key.
     *
     * @param org the org the instance acts for
     * @param signatureAlgorithm the signature algorithm, {@code sm2} or {@code ecdsa-p256}
     * @param hashAlgorithm the hash its records use
     * @param publicKey base64 SubjectPublicKeyInfo DER
     */
    record SigningKey(String org, String signatureAlgorithm, String hashAlgorithm, String publicKey) {
    }
}
