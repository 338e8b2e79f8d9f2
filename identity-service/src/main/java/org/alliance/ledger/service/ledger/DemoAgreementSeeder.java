package org.alliance.ledger.service.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.record.AgreementAction;
import org.alliance.ledger.core.record.AgreementBody;
import org.alliance.ledger.core.record.AgreementTerms;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.rules.Role;
import org.alliance.ledger.embedded.EmbeddedLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds a new embedded ledger with the demo alliance agreement, so that a first run of the
 * service can record attestations: this service's key is registered for its org, and the other
 * members get keys generated for the occasion. Those keys sign only the agreement and are then
 * discarded; a real alliance registers every member's own key.
 */
final class DemoAgreementSeeder {
    /** The id of the seeded agreement. */
    static final String AGREEMENT_ID = "agr-demo-alliance";
    private static final Logger LOG = LoggerFactory.getLogger(DemoAgreementSeeder.class);

    private final EmbeddedLedger ledger;
    private final RecordFactory service;
    private final Clock clock;

    DemoAgreementSeeder(EmbeddedLedger ledger, RecordFactory service, Clock clock) {
        this.ledger = ledger;
        this.service = service;
        this.clock = clock;
    }

    /** Writes the agreement if the ledger has no blocks; an existing ledger is never touched. */
    void seedIfEmpty() {
        if (ledger.height() > 0) {
            return;
        }
        if (!DemoAlliance.mspIds().contains(service.org())) {
            LOG.warn("alliance.org {} is not a demo alliance member; the ledger is left empty and attestations "
                    + "will be refused until an agreement registers this org", service.org());
            return;
        }
        HashAlgorithm hash = service.signatureAlgorithm().hash();
        List<RecordFactory> signers = new ArrayList<>();
        for (String org : DemoAlliance.mspIds()) {
            signers.add(org.equals(service.org()) ? service
                    : new RecordFactory(org, hash, Keys.generate(service.signatureAlgorithm())));
        }
        AgreementTerms terms = DemoAlliance.terms(org -> signers.stream().filter(f -> f.org().equals(org))
                .map(RecordFactory::publicKeyBase64).toList(), DemoAlliance.catalogue(), List.of(),
                hash.id() + ":" + Hex.encode(hash.digest(("Demo alliance agreement " + AGREEMENT_ID)
                        .getBytes(StandardCharsets.UTF_8))));
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        RecordFactory proposer = signers.get(DemoAlliance.mspIds().indexOf(service.org()));
        SignedRecord proposal = proposer.create(AGREEMENT_ID + "/v1/propose", now, null,
                new AgreementBody(AgreementAction.PROPOSE, AGREEMENT_ID, 1, terms, null));
        ledger.submit(admin(proposer.org()), List.of(proposal));
        String contentHash = RecordCodec.taggedHash(proposal.record());
        for (RecordFactory f : signers) {
            String head = ledger.subjectHead(proposal.record().subject()).orElseThrow();
            ledger.submit(admin(f.org()), List.of(f.create(AGREEMENT_ID + "/v1/sign/" + f.org(), now, head,
                    new AgreementBody(AgreementAction.SIGN, AGREEMENT_ID, 1, null, contentHash))));
        }
        LOG.info("seeded the embedded ledger with demo agreement {} ({} members, {} registered for {})",
                AGREEMENT_ID, signers.size(), service.signatureAlgorithm().id(), service.org());
    }

    private static Caller admin(String org) {
        return new Caller(org, Role.ADMIN, "seed@" + org);
    }
}
