package org.alliance.ledger.conformance;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.AgreementAction;
import org.alliance.ledger.core.record.AgreementBody;
import org.alliance.ledger.core.record.AgreementTerms;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.subject.SubjectReference;

/**
 * The demo alliance as the suites write to it: each org's record signer, an agreement that is
 * active on the ledger under test, and times after it. A fixture either activates a fresh
 * agreement on a new ledger ({@link #activate}) or describes one that its ledger already has
 * ({@link #of}).
 */
public final class AllianceFixture {
    private static final byte[] SUBJECT_SECRET = "conformance-secret-for-tests-only-0123456789"
            .getBytes(StandardCharsets.UTF_8);

    private final Map<String, RecordFactory> signers;
    private final String agreementId;
    private final Instant agreed;
    /** Seconds after {@link #agreed} handed out so far; every record of a run gets a later time. */
    private final AtomicLong clock = new AtomicLong(3600);
    private final AtomicLong ids = new AtomicLong();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private AllianceFixture(Map<String, RecordFactory> signers, String agreementId, Instant agreed) {
        this.signers = Map.copyOf(signers);
        this.agreementId = Objects.requireNonNull(agreementId, "agreementId");
        this.agreed = Objects.requireNonNull(agreed, "agreed");
    }

    /**
     * An alliance whose agreement the ledger already has.
     *
     * @param signers each org's record signer, by MSP id, as the agreement registers them
     * @param agreementId the active agreement
     * @param agreed the agreement's record time; the suites' records come later, within the rules'
     *     window around the ledger's clock
     * @return the fixture
     */
    public static AllianceFixture of(Map<String, RecordFactory> signers, String agreementId, Instant agreed) {
        return new AllianceFixture(signers, agreementId, agreed);
    }

    /**
     * A fresh alliance of the four demo orgs with new SM2 keys, whose agreement is proposed by
     * Zhangzhou three days ago and then signed by every org on {@code ledger}.
     *
     * @param ledger a ledger that does not have the agreement yet
     * @return the fixture, its agreement active
     */
    public static AllianceFixture activate(EvidenceLedger ledger) {
        return activate(ledger, Map.of());
    }

    /**
     * A fresh alliance of the four demo orgs whose agreement registers the given signers and new
     * SM2 keys for the other orgs, proposed by Zhangzhou three days ago and signed by every org on
     * {@code ledger}: for a service whose own key must be in the agreement.
     *
     * @param ledger a ledger on which every org's admin may write
     * @param given signers to use, by MSP id; the other orgs get new keys
     * @return the fixture, its agreement active
     */
    public static AllianceFixture activate(EvidenceLedger ledger, Map<String, RecordFactory> given) {
        Map<String, RecordFactory> signers = new LinkedHashMap<>();
        for (String org : DemoAlliance.mspIds()) {
            signers.put(org, given.containsKey(org) ? given.get(org)
                    : new RecordFactory(org, HashAlgorithm.SM3, Keys.generate(SignatureAlgorithm.SM2)));
        }
        String agreementId = "conformance-" + UUID.randomUUID().toString().substring(0, 8);
        Instant agreed = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        AllianceFixture fixture = new AllianceFixture(signers, agreementId, agreed);
        AgreementTerms terms = DemoAlliance.terms(org -> List.of(signers.get(org).publicKeyBase64()),
                DemoAlliance.catalogue(), List.of(), "sm3:" + Hex.encode(HashAlgorithm.SM3.digest(
                        agreementId.getBytes(StandardCharsets.UTF_8))));
        String zz = DemoAlliance.ZHANGZHOU;
        SignedRecord last = signers.get(zz).create(agreementId + "/v1", agreed, null,
                new AgreementBody(AgreementAction.PROPOSE, agreementId, 1, terms, null));
        ledger.submit(caller(zz, Role.ADMIN), List.of(last));
        String content = RecordCodec.taggedHash(last.record());
        for (String org : DemoAlliance.mspIds()) {
            last = signers.get(org).createAfter(agreementId + "/v1/sign/" + org, agreed, last,
                    new AgreementBody(AgreementAction.SIGN, agreementId, 1, null, content));
            ledger.submit(caller(org, Role.ADMIN), List.of(last));
        }
        return fixture;
    }

    /**
     * The caller a service of {@code mspId} submits as.
     *
     * @param mspId the org
     * @param role the user's role
     * @return the caller
     */
    public static Caller caller(String mspId, Role role) {
        return new Caller(mspId, role, role.externalName() + "@" + mspId);
    }

    /**
     * An org's record signer.
     *
     * @param mspId the org
     * @return its signer
     */
    public RecordFactory signer(String mspId) {
        RecordFactory f = signers.get(mspId);
        if (f == null) {
            throw new IllegalArgumentException("no signer for " + mspId);
        }
        return f;
    }

    /**
     * The active agreement.
     *
     * @return its id
     */
    public String agreementId() {
        return agreementId;
    }

    /**
     * A record time later than every earlier one of this fixture.
     *
     * @return the time
     */
    public Instant nextTime() {
        return agreed.plusSeconds(clock.getAndIncrement());
    }

    /**
     * An id unique to this run, so that suites can run again on a ledger that keeps its history.
     *
     * @param name what the id is for
     * @return the id
     */
    public String id(String name) {
        return name + "-" + run + "-" + ids.incrementAndGet();
    }

    /**
     * The subject reference of the suites' applicant.
     *
     * @return the reference
     */
    public String subjectRef() {
        return SubjectReference.compute(SubjectReference.Algorithm.HMAC_SM3, SUBJECT_SECRET, "44510219800101123X");
    }
}
