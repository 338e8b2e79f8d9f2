package org.alliance.ledger.service.alliancelog;

import java.security.PublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.bundle.TrustStore;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.Member;
import org.alliance.ledger.core.rules.AgreementVersionView;
import org.alliance.ledger.service.ledger.AgreementLookup;
import org.alliance.ledger.service.problem.ApiException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The keys that may sign and co-sign the alliance log's checkpoints: the record keys the agreement
 * in force registers, by member. The version in force is read at each call, so a region admitted
 * later is trusted at once, and a removed key no longer is; the keys are decoded once per version.
 */
@Component
class MemberKeys {
    private final EvidenceLedger ledger;
    private final AllianceLogProperties properties;
    private volatile Decoded decoded;

    MemberKeys(@Qualifier("evidenceLedger") EvidenceLedger ledger, AllianceLogProperties properties) {
        this.ledger = ledger;
        this.properties = properties;
    }

    /**
     * The members' keys as the agreement in force registers them.
     *
     * @return the keys
     * @throws ApiException 503 NO_AGREEMENT while no version of the log's agreement is in force
     */
    TrustStore current() {
        AgreementVersionView active;
        try {
            active = AgreementLookup.active(ledger, properties.agreement());
        } catch (RuleException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "NO_AGREEMENT", "the members' keys are unknown: "
                    + e.getMessage());
        }
        Decoded known = decoded;
        if (known == null || known.version() != active.version()) {
            Map<String, List<PublicKey>> keys = new LinkedHashMap<>();
            for (Member m : active.terms().members()) {
                keys.put(m.mspId(), m.signingKeys().stream()
                        .map(k -> Keys.publicKeyFromDer(Base64.getDecoder().decode(k))).toList());
            }
            known = new Decoded(active.version(), TrustStore.of(keys));
            decoded = known;
        }
        return known.keys();
    }

    /** The keys of one version of the agreement. */
    private record Decoded(int version, TrustStore keys) {
    }
}
