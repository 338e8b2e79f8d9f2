package org.alliance.ledger.service.trust;

import java.security.PublicKey;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.alliance.ledger.core.bundle.AgreementChain;
import org.alliance.ledger.core.bundle.BlockHeader;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.alliance.ledger.core.bundle.TrustBundle;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.Signer;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.AgreementTerms;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.fabric.FabricLedger;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Makes this member's trust bundle from the ledger: every record of the agreement's versions up to
 * the one in force, read back from the ledger with their members' signatures, and the keys of the
 * ledger itself. On Fabric those are the channel's org CA certificates from its latest
 * configuration; on an embedded ledger, the node key that signs its blocks, taken from the block
 * that anchors the agreement's latest record (so a remote embedded ledger is covered too).
 */
@Component
class TrustBundles {
    private final EvidenceLedger ledger;
    private final RecordFactory records;
    private final Signer signer;
    private final Clock clock;

    /**
     * Creates the maker.
     *
     * @param ledger the ledger
     * @param records this instance's record factory, for its org
     * @param signer this instance's record signer, which signs the bundle
     * @param clock the clock, for the time of issue
     */
    TrustBundles(@Qualifier("evidenceLedger") EvidenceLedger ledger, RecordFactory records, Signer signer, Clock clock) {
        this.ledger = ledger;
        this.records = records;
        this.signer = signer;
        this.clock = clock;
    }

    /**
     * The signed trust bundle of an agreement.
     *
     * @param agreementId the agreement
     * @return the bundle
     * @throws RuleException UNKNOWN_AGREEMENT, AGREEMENT_NOT_ACTIVE, or NOT_A_MEMBER when this
     *     instance's org or key is not in the version in force, so it cannot vouch for the bundle
     * @throws IllegalArgumentException if the agreement's records on the ledger do not replay
     */
    TrustBundle bundle(String agreementId) {
        List<SignedRecord> signed = ledger.agreementRecords(agreementId);
        AgreementTerms inForce = AgreementChain.replay(agreementId, signed).inForce();
        boolean listed = inForce.member(records.org())
                .map(m -> m.signingKeys().contains(records.publicKeyBase64())).orElse(false);
        if (!listed) {
            throw new RuleException(ErrorCode.NOT_A_MEMBER, records.org() + " with this instance's record key is not a "
                    + "member of the version of agreement " + agreementId + " in force, so it cannot vouch for it");
        }
        Map<String, List<PublicKey>> nodeKeys = Map.of();
        Map<String, List<String>> cas = Map.of();
        if (ledger instanceof FabricLedger fabric) {
            // A channel org the agreement does not (yet) admit is left out: the alliance is the agreement's members.
            cas = new TreeMap<>(fabric.channelCaCertificates());
            cas.keySet().removeIf(org -> inForce.member(org).isEmpty());
        } else if (ledger.bundle(signed.getLast().record().id()).anchor() instanceof EvidenceBundle.EmbeddedAnchor anchor) {
            BlockHeader header = BlockHeader.fromJson(anchor.header());
            nodeKeys = Map.of(header.signerOrg(),
                    List.of(Keys.publicKeyFromDer(Base64.getDecoder().decode(header.signerPublicKey()))));
        }
        return TrustBundle.sign(agreementId, signed, nodeKeys, cas,
                clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(), records.org(), signer);
    }
}
