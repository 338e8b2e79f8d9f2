package org.alliance.ledger.service.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
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
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.embedded.EmbeddedLedger;
import org.alliance.ledger.service.signing.SigningKeyLoader;
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
    private final Path memberKeys;

    DemoAgreementSeeder(EmbeddedLedger ledger, RecordFactory service, Clock clock, Path memberKeys) {
        this.ledger = ledger;
        this.service = service;
        this.clock = clock;
        this.memberKeys = memberKeys;
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
            signers.add(org.equals(service.org()) ? service : new RecordFactory(org, hash, memberKey(org)));
        }
        AgreementTerms terms = DemoAlliance.terms(org -> signers.stream().filter(f -> f.org().equals(org))
                .map(RecordFactory::publicKeyBase64).toList(), DemoAlliance.catalogue(), List.of(),
                DemoAlliance.textHash(hash, AGREEMENT_ID));
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

    /**
     * Another member's key: generated for this one signature, or, with a member key directory,
     * read from it or generated into it, so that other regions can sign on this ledger later.
     */
    private KeyPair memberKey(String org) {
        if (memberKeys == null) {
            return Keys.generate(service.signatureAlgorithm());
        }
        Path file = memberKeys.resolve(org + ".key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(memberKeys);
                Path tmp = Files.createTempFile(memberKeys, org, ".tmp");
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    LOG.debug("{} is not on a POSIX file system", tmp);
                }
                Files.writeString(tmp, Keys.toPem(Keys.generate(service.signatureAlgorithm()).getPrivate()),
                        StandardCharsets.US_ASCII);
                Files.move(tmp, file);
                LOG.warn("generated development key {} for demo member {}", file, org);
            }
            PrivateKey key = Keys.readPrivateKeyPem(Files.readString(file, StandardCharsets.US_ASCII));
            return new KeyPair(SigningKeyLoader.derivePublic(key), key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create demo member key " + file, e);
        }
    }

    private static Caller admin(String org) {
        return new Caller(org, Role.ADMIN, "seed@" + org);
    }
}
