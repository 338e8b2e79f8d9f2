package org.alliance.ledger.cli;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.alliance.ledger.core.bundle.AgreementChain;
import org.alliance.ledger.core.bundle.TrustBundle;
import org.alliance.ledger.core.bundle.Verdict;
import org.alliance.ledger.core.record.Member;

/** Reading and checking a trust bundle, the same way for {@code trust fetch} and {@code verify-bundle}. */
final class TrustFiles {
    private TrustFiles() {
    }

    /**
     * Reads and verifies a trust bundle.
     *
     * @param bytes its content
     * @param source where it came from, for messages
     * @param expectedAgreement the agreement hash the verifier expects, or {@code null}
     * @return the bundle, valid
     * @throws CliFailure exit 2 if it is not a trust bundle, exit 1 with every check if it does not verify
     */
    static TrustBundle verified(byte[] bytes, String source, String expectedAgreement) {
        TrustBundle bundle;
        try {
            bundle = TrustBundle.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw CliFailure.input(source + " is not a trust bundle: " + e.getMessage(), e);
        }
        Verdict verdict = bundle.verify(expectedAgreement);
        if (!verdict.valid()) {
            StringBuilder sb = new StringBuilder("trust bundle " + source + " is not valid: " + reason(verdict));
            VerifyBundleCommand.appendChecks(sb, verdict.checks(), "  ");
            throw CliFailure.invalid(sb.toString());
        }
        return bundle;
    }

    /** The first failed check, in words a person acts on. */
    private static String reason(Verdict verdict) {
        return verdict.checks().stream().filter(c -> c.outcome() == Verdict.Outcome.FAIL).findFirst()
                .map(c -> c.name() + ": " + c.reason()).orElse("a check could not be made");
    }

    /**
     * What a verifier reads before relying on the bundle: the agreement and its fingerprint, the
     * signer, each member with its record keys' validity, and the CA certificates' validity.
     *
     * @param bundle a verified bundle
     * @return the lines
     */
    static List<String> describe(TrustBundle bundle) {
        AgreementChain chain = bundle.chain();
        List<String> lines = new ArrayList<>();
        lines.add("agreement " + chain.agreementId() + " version " + chain.version() + ", in force since "
                + chain.activatedAt().getLast() + ", signed by all " + chain.inForce().members().size() + " members");
        lines.add("fingerprint " + chain.genesisHash() + "  (compare it with the one your alliance publishes)");
        lines.add("in force " + chain.inForceHash());
        lines.add("served and signed by " + bundle.signerOrg() + " at " + bundle.issuedAt());
        for (Member m : chain.inForce().members()) {
            lines.add("member " + m.mspId() + " (" + m.regionName() + ", " + m.regionCode() + ", " + m.role() + ")");
            for (AgreementChain.KeyPeriod p : chain.keyPeriods(m.mspId())) {
                lines.add("  record key " + p.publicKey().substring(Math.max(0, p.publicKey().length() - 16))
                        + " valid from " + p.validFrom() + (p.validUntil() == null ? "" : " until " + p.validUntil()));
            }
        }
        for (JsonNode ca : bundle.caCertificates()) {
            lines.add("CA " + ca.path("org").asText() + " " + ca.path("subject").asText() + " valid from "
                    + ca.path("notBefore").asText() + " until " + ca.path("notAfter").asText());
        }
        return lines;
    }
}
