package org.alliance.ledger.fabric;

import org.alliance.ledger.core.ledger.CommitStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.crypto.Signer;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.record.AgreementAction;
import org.alliance.ledger.core.record.AgreementBody;
import org.alliance.ledger.core.record.AgreementTerms;
import org.alliance.ledger.core.record.AttestationDecision;
import org.alliance.ledger.core.record.AttestationMethod;
import org.alliance.ledger.core.record.IdentityAttestationBody;
import org.alliance.ledger.core.record.DocumentHash;
import org.alliance.ledger.core.record.RecordBody;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.rules.BatchReceipt;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.subject.SubjectReference;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The demo alliance on the suite's network: one {@link FabricLedger} per org, as each org's
 * service would run it (its own users, its own peer first and the next org's peer second), fresh
 * record-signing keys per run, and the demo agreement signed by all four orgs once per run.
 */
final class FabricAlliance implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    static final List<String> ORGS = List.of("zhangzhou", "chaozhou", "shantou", "audit");
    static final String ZZ = DemoAlliance.ZHANGZHOU;
    static final String CZ = DemoAlliance.CHAOZHOU;
    static final String ST = DemoAlliance.SHANTOU;
    static final String AUDIT = DemoAlliance.AUDIT;
    static final String ITEM = DemoAlliance.PENSION_TRANSFER;
    /** The users enrolled per org; the auditor comes first, so each org's ledger reads as its auditor. */
    static final List<Role> ROLES = List.of(Role.AUDITOR, Role.ADMIN, Role.CLERK, Role.APPROVER, Role.ISSUER, Role.SERVICE);
    private static final byte[] SUBJECT_SECRET = "fabric-suite-secret-for-tests-only-0123456789".getBytes();

    final FabricNetwork.Started network;
    /** Unique per run, so ids never collide with an earlier run's on a reused network. */
    final String run = UUID.randomUUID().toString().substring(0, 8);
    final String agreementId = "fj-gd-" + run;
    private final long serialBase = java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L);
    /** The agreement's record time; every record of the run is later, and within the rules' 7-day window. */
    final Instant agreed = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    private final Map<String, KeyPair> keys = new LinkedHashMap<>();
    private final Map<String, RecordFactory> signers = new LinkedHashMap<>();
    private final Map<String, FabricLedger> ledgers = new LinkedHashMap<>();
    private final List<FabricLedger> extra = new ArrayList<>();
    private boolean ownsNetwork;

    private FabricAlliance(FabricNetwork.Started network) {
        this.network = network;
        for (String org : DemoAlliance.mspIds()) {
            keys.put(org, Keys.generate(SignatureAlgorithm.SM2));
            signers.put(org, new RecordFactory(org, HashAlgorithm.SM3, keys.get(org)));
        }
        for (int i = 0; i < ORGS.size(); i++) {
            ledgers.put(DemoAlliance.mspIds().get(i), ledger(i, ROLES, peers(i, (i + 1) % ORGS.size())).build());
        }
        activateAgreement();
    }

    /** The run's alliance, created (with its agreement signed) on first use. */
    static FabricAlliance of(ExtensionContext context) {
        FabricNetwork.Started network = FabricNetwork.started(context);
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(FabricAlliance.class, k -> new FabricAlliance(network), FabricAlliance.class);
    }

    /** The alliance on a network started outside the suite's store, with its agreement signed. */
    static FabricAlliance on(FabricNetwork.Started network) {
        return new FabricAlliance(network);
    }

    /**
     * A benchmark's alliance on a bench-profile network of its own ({@link FabricNetwork#startAlone});
     * closing the alliance takes that network down. Where the suite is skipped, so is the caller.
     */
    static FabricAlliance onOwnBenchNetwork(String name, int portOffset) {
        FabricNetwork.Started network = FabricNetwork.startAlone(name, "bench", portOffset);
        org.junit.jupiter.api.Assumptions.assumeTrue(network.skipReason == null,
                () -> "fabric bench skipped: " + network.skipReason);
        if (network.failure != null) {
            throw new IllegalStateException(network.failure);
        }
        FabricAlliance alliance = new FabricAlliance(network);
        alliance.ownsNetwork = true;
        return alliance;
    }

    static int index(String mspId) {
        return DemoAlliance.mspIds().indexOf(mspId);
    }

    /** A builder for org {@code i}'s ledger with the given users, the rest of the settings left to the test. */
    FabricLedger.Builder ledger(int i, List<Role> roles, List<PeerEndpoint> peers) {
        return withUsers(FabricLedger.builder(), i, roles, peers);
    }

    /** Adds org {@code i}'s users with these roles, and its gateway peers, to a builder. */
    FabricLedger.Builder withUsers(FabricLedger.Builder b, int i, List<Role> roles, List<PeerEndpoint> peers) {
        String msp = DemoAlliance.mspIds().get(i);
        b.gatewayPeers(msp, peers);
        for (Role role : roles) {
            b.user(FabricUser.fromMspDir(msp, role, network.users(ORGS.get(i), role.externalName())));
        }
        return b;
    }

    /** Gateway peer endpoints of the orgs with these indexes, in that order. */
    List<PeerEndpoint> peers(int... orgIndexes) {
        List<PeerEndpoint> out = new ArrayList<>();
        for (int i : orgIndexes) {
            out.add(new PeerEndpoint("127.0.0.1", network.peerPort(i), network.tlsRoot(ORGS.get(i)), null));
        }
        return out;
    }

    /** Keeps a ledger built by a test, to close it with the alliance. */
    FabricLedger keep(FabricLedger ledger) {
        extra.add(ledger);
        return ledger;
    }

    /** A certificate id of this run; certificate serials are digits only. */
    String certificateId(int n) {
        return "SIT01-350600-2026-" + (serialBase + n);
    }

    FabricLedger ledger(String mspId) {
        return ledgers.get(mspId);
    }

    RecordFactory signer(String mspId) {
        return signers.get(mspId);
    }

    /** An org's record key as a plain signer, for what is signed outside records (a trust bundle). */
    Signer recordSigner(String mspId) {
        return Signer.of(keys.get(mspId));
    }

    static Caller caller(String mspId, Role role) {
        return new Caller(mspId, role, role.externalName() + "@" + mspId);
    }

    /** An identity attestation, the write of the committed-events, fault and bench loads; {@code i} varies its liveness score. */
    IdentityAttestationBody attestation(int i) {
        return new IdentityAttestationBody(subjectRef(), AttestationMethod.FACE_AND_ID_CARD,
                new IdentityAttestationBody.Liveness("ACTION_CHALLENGE", List.of("BLINK"), true, 0.9 + (i % 100) / 1000.0),
                0.87, new IdentityAttestationBody.FaceModel("arcface-r100", "2.1", "cd".repeat(32)),
                0.62, 0.0001, AttestationDecision.ACCEPTED, List.of(), "kiosk-zz-0007");
    }

    String subjectRef() {
        return SubjectReference.compute(SubjectReference.Algorithm.HMAC_SM3, SUBJECT_SECRET, "44510219800101123X");
    }

    DocumentHash doc(String label) {
        return new DocumentHash(label, HashAlgorithm.SM3.id(), Hex.encode(HashAlgorithm.SM3.digest(label.getBytes())));
    }

    /** A record of {@code org} that follows its subject's latest record on the ledger. */
    SignedRecord next(String org, String id, Instant time, RecordBody body) {
        String subject = body.recordType().subjectKind() + "/" + body.subjectId(id, org);
        return signer(org).create(id, time, ledger(org).subjectHead(subject).orElse(null), body);
    }

    /**
     * Orders one more block: an attestation of Zhangzhou's under an id of its own, returning once
     * every org's peer has committed it (how a wait wakes an orderer left one block behind on an
     * idle channel).
     */
    void nextBlock() {
        SignedRecord r = signer(ZZ).create("next-block-" + UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                null, attestation(0));
        committedEverywhere(ledger(ZZ).submit(caller(ZZ, Role.SERVICE), List.of(r)));
    }

    /**
     * Builds one record, submits it through the org's ledger, and waits until every org's peer
     * has committed it, so that the next read or write through any org sees it.
     */
    BatchReceipt write(String org, Role role, String id, Instant time, RecordBody body) {
        SignedRecord r = next(org, id, time, body);
        BatchReceipt receipt = ledger(org).submit(caller(org, role), List.of(r));
        if (receipt.records().get(0).duplicate()) {
            throw new AssertionError(id + " was already on the ledger");
        }
        return committedEverywhere(receipt);
    }

    /**
     * Waits until every org's peer has committed the batches that hold the receipt's records (an
     * acknowledged duplicate names the batch that first wrote it): a commit status comes from the
     * gateway peer asked, and a peer answers only once it has the transaction's block.
     */
    BatchReceipt committedEverywhere(BatchReceipt receipt) {
        for (String txId : receipt.records().stream().map(BatchReceipt.Entry::batchId).distinct().toList()) {
            for (FabricLedger ledger : ledgers.values()) {
                CommitStatus status = ledger.status(txId);
                if (!status.valid()) {
                    throw new AssertionError(txId + " committed " + status.validationCode());
                }
            }
        }
        return receipt;
    }

    private void activateAgreement() {
        AgreementTerms terms = DemoAlliance.terms(org -> List.of(signer(org).publicKeyBase64()),
                DemoAlliance.catalogue(), List.of(), "sm3:" + Hex.encode(HashAlgorithm.SM3.digest(agreementId.getBytes())));
        SignedRecord proposal = signer(ZZ).create(agreementId + "/v1", agreed, null,
                new AgreementBody(AgreementAction.PROPOSE, agreementId, 1, terms, null));
        committedEverywhere(ledger(ZZ).submit(caller(ZZ, Role.ADMIN), List.of(proposal)));
        String content = RecordCodec.taggedHash(proposal.record());
        for (String org : DemoAlliance.mspIds()) {
            write(org, Role.ADMIN, agreementId + "/v1/sign/" + org, agreed,
                    new AgreementBody(AgreementAction.SIGN, agreementId, 1, null, content));
        }
    }

    Path state() {
        return network.state;
    }

    @Override
    public synchronized void close() {
        extra.forEach(FabricLedger::close);
        extra.clear();
        ledgers.values().forEach(FabricLedger::close);
        ledgers.clear();
        if (ownsNetwork) {
            network.close();
        }
    }
}
