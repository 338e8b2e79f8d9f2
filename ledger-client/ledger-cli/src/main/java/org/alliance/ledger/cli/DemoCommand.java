package org.alliance.ledger.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

import org.alliance.ledger.core.bundle.BundleVerifier;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.alliance.ledger.core.bundle.Verdict;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.record.AgreementAction;
import org.alliance.ledger.core.record.AgreementBody;
import org.alliance.ledger.core.record.AgreementTerms;
import org.alliance.ledger.core.record.AttestationDecision;
import org.alliance.ledger.core.record.AttestationMethod;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.CaseStepBody;
import org.alliance.ledger.core.record.CertificateAction;
import org.alliance.ledger.core.record.CertificateBody;
import org.alliance.ledger.core.record.DocumentHash;
import org.alliance.ledger.core.record.EvidenceRecord;
import org.alliance.ledger.core.record.IdentityAttestationBody;
import org.alliance.ledger.core.record.RecognitionBody;
import org.alliance.ledger.core.record.RecognitionDecision;
import org.alliance.ledger.core.record.RecordBody;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.record.TargetType;
import org.alliance.ledger.core.rules.AgreementView;
import org.alliance.ledger.core.rules.BatchReceipt;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.rules.CaseStepView;
import org.alliance.ledger.core.rules.CaseTimeline;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.subject.IdNumbers;
import org.alliance.ledger.core.subject.SubjectReference;
import org.alliance.ledger.embedded.EmbeddedLedger;
import org.alliance.ledger.embedded.EmbeddedLedgerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the demo alliance's case (docs/DEMO-ALLIANCE) end to end on the embedded ledger,
 * printed as a walkthrough. Zhangzhou, Chaozhou, Shantou and the provincial audit office sign the
 * agreement; an identity attestation is recorded; Zhangzhou receives a pension-transfer case and
 * forwards it; a Zhangzhou approval is refused; Chaozhou approves; Zhangzhou issues the result and
 * a certificate; Shantou recognises it; the auditor reads the timeline against the time limit and
 * is refused a write; an evidence bundle is exported and verified offline.
 *
 * <p>Org keys, the alliance secret and the ledger live under the data directory, so a second run
 * reopens (and re-verifies) the same ledger, reuses the signed agreement and files a new case.
 */
@Command(name = "demo", description = {"Run the demo alliance case end to end on the embedded ledger.",
    "Writes the ledger, keys, trust directory and evidence bundles under --data; run it again to see the "
            + "ledger survive a restart."})
public final class DemoCommand extends CliCommand {
    private static final String AGREEMENT_ID = "agr-minnan-chaoshan-2026";
    private static final String ITEM = DemoAlliance.PENSION_TRANSFER;
    private static final String NODE_ORG = DemoAlliance.AUDIT;
    private static final String ZZ = DemoAlliance.ZHANGZHOU;
    private static final String CZ = DemoAlliance.CHAOZHOU;
    private static final String ST = DemoAlliance.SHANTOU;
    private static final List<String> ORGS = DemoAlliance.mspIds();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Option(names = "--data", paramLabel = "DIR", defaultValue = ".alliance/demo",
            description = "data directory (default: ${DEFAULT-VALUE})")
    private Path data;

    @Option(names = "--alg", paramLabel = "ALG", defaultValue = "sm2",
            description = "signature algorithm of new keys: sm2 (with sm3 hashes) or ecdsa-p256 (with sha256); "
                    + "keys that already exist in DIR are kept")
    private SignatureAlgorithm alg;

    private int section;

    @Override
    protected int run() throws IOException {
        HashAlgorithm hash = alg == SignatureAlgorithm.SM2 ? HashAlgorithm.SM3 : HashAlgorithm.SHA256;
        Path keysDir = privateDirectory(data.resolve("keys"));
        Path trustDir = Files.createDirectories(data.resolve("trust"));
        EmbeddedLedgerConfig config = EmbeddedLedgerConfig.defaults(data.resolve("ledger"), NODE_ORG)
                .withAlgorithms(hash, alg);
        try (EmbeddedLedger ledger = EmbeddedLedger.open(config)) {
            heading("Ledger");
            println(ledger.height() == 0 ? "  new embedded ledger in " + data.resolve("ledger")
                    : "  reopened " + data.resolve("ledger") + ": " + ledger.height()
                            + " block(s) verified (hash chain, node signatures, replay through the rules)");
            RecordFactory[] factories = keys(keysDir, trustDir);
            Demo demo = new Demo(ledger, factories, recordHash(trustDir), allianceSecret(keysDir));
            Files.writeString(trustDir.resolve(NODE_ORG + ".node.pem"), ledger.nodePublicKeyPem(), StandardCharsets.US_ASCII);
            demo.agreement();
            String certificateRecord = demo.caseWalkthrough("r" + ledger.height());
            exportAndVerify(ledger, certificateRecord, trustDir);
        }
        return ExitCodes.OK;
    }

    /** The four orgs' record factories, loaded from DIR/keys or created on first run. */
    private RecordFactory[] keys(Path keysDir, Path trustDir) throws IOException {
        RecordFactory[] factories = new RecordFactory[ORGS.size()];
        for (int i = 0; i < ORGS.size(); i++) {
            String org = ORGS.get(i);
            Path priv = keysDir.resolve(org + ".key");
            Path pub = trustDir.resolve(org + ".pem");
            if (!Files.exists(priv)) {
                KeyPair pair = Keys.generate(alg);
                Files.writeString(priv, Keys.toPem(pair.getPrivate()), StandardCharsets.US_ASCII);
                Files.writeString(pub, Keys.toPem(pair.getPublic()), StandardCharsets.US_ASCII);
            }
            PrivateKey privateKey = Keys.readPrivateKeyPem(Files.readString(priv, StandardCharsets.US_ASCII));
            PublicKey publicKey = Keys.readPublicKeyPem(Files.readString(pub, StandardCharsets.US_ASCII));
            factories[i] = new RecordFactory(org, recordHash(trustDir), privateKey, publicKey);
        }
        return factories;
    }

    /**
     * Records use the hash family of the alliance's keys (SM3 with SM2, SHA-256 with ECDSA), judged
     * by the keys already in DIR, so that a rerun with another --alg stays consistent.
     */
    private static HashAlgorithm recordHash(Path trustDir) throws IOException {
        PublicKey key = Keys.readPublicKeyPem(Files.readString(trustDir.resolve(ZZ + ".pem"), StandardCharsets.US_ASCII));
        return Keys.algorithmOf(key) == SignatureAlgorithm.SM2 ? HashAlgorithm.SM3 : HashAlgorithm.SHA256;
    }

    private static byte[] allianceSecret(Path keysDir) throws IOException {
        Path file = keysDir.resolve("alliance.secret");
        if (!Files.exists(file)) {
            byte[] secret = new byte[SubjectReference.MIN_SECRET_BYTES];
            RANDOM.nextBytes(secret);
            Files.writeString(file, Hex.encode(secret) + "\n", StandardCharsets.US_ASCII);
        }
        return Hex.decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
    }

    private static Path privateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the directory keeps the platform's default access.
            }
        }
        return dir;
    }

    private void exportAndVerify(EmbeddedLedger ledger, String recordId, Path trustDir) throws IOException {
        heading("Evidence bundle");
        EvidenceBundle bundle = ledger.bundle(recordId);
        Path file = Files.createDirectories(data.resolve("bundles")).resolve(recordId.replace('/', '_') + ".json");
        Files.write(file, bundle.toCanonicalJson());
        println("  exported " + file + " (record, Merkle proof, batch root, signed block header)");
        println("  trust directory " + trustDir + ": " + String.join(", ", VerifyBundleCommand.readTrustDirectory(trustDir).orgs()));
        Verdict verdict = new BundleVerifier(VerifyBundleCommand.readTrustDirectory(trustDir))
                .verify(EvidenceBundle.parse(Files.readAllBytes(file)));
        for (Verdict.Check c : verdict.checks()) {
            println(String.format("    %-4s %-21s %s", c.outcome(), c.name(), c.reason()));
        }
        println("  verdict: " + verdict.status() + "   (check it yourself: ./alliance cli verify-bundle " + file
                + " --trust " + trustDir + ")");
        if (!verdict.valid()) {
            throw CliFailure.invalid("the exported bundle does not verify");
        }
    }

    private void heading(String title) {
        println("");
        println(++section + ". " + title);
    }

    /** One run of the scenario over an open ledger. */
    private final class Demo {
        private final EmbeddedLedger ledger;
        private final RecordFactory zz;
        private final RecordFactory cz;
        private final RecordFactory st;
        private final RecordFactory au;
        private final HashAlgorithm hash;
        private final byte[] secret;

        Demo(EmbeddedLedger ledger, RecordFactory[] factories, HashAlgorithm hash, byte[] secret) {
            this.ledger = ledger;
            this.hash = hash;
            this.zz = factories[0];
            this.cz = factories[1];
            this.st = factories[2];
            this.au = factories[3];
            this.secret = secret.clone();
        }

        void agreement() {
            heading("Alliance agreement " + AGREEMENT_ID);
            try {
                AgreementView view = ledger.agreement(AGREEMENT_ID);
                println("  already on the ledger: version " + view.activeVersion() + " is active, signed by "
                        + String.join(", ", view.versions().get(view.activeVersion() - 1).signatories()));
                return;
            } catch (RuleException e) {
                if (e.code() != ErrorCode.UNKNOWN_AGREEMENT) {
                    throw e;
                }
            }
            List<RecordFactory> signers = List.of(zz, cz, st, au);
            AgreementTerms terms = DemoAlliance.terms(org -> signers.stream().filter(f -> f.org().equals(org))
                    .map(RecordFactory::publicKeyBase64).toList(), DemoAlliance.catalogue(), List.of("2027-01-01"),
                    hash.id() + ":" + Hex.encode(hash.digest(
                            ("Cross-province service agreement " + AGREEMENT_ID).getBytes(StandardCharsets.UTF_8))));
            SignedRecord proposal = record(zz, AGREEMENT_ID + "/v1/propose",
                    new AgreementBody(AgreementAction.PROPOSE, AGREEMENT_ID, 1, terms, null));
            submit("Zhangzhou proposes the agreement with " + terms.items().size() + " items", admin(ZZ), proposal);
            String contentHash = RecordCodec.taggedHash(proposal.record());
            for (RecordFactory f : signers) {
                submit(f.org() + " signs", admin(f.org()), record(f, AGREEMENT_ID + "/v1/sign/" + f.org(),
                        new AgreementBody(AgreementAction.SIGN, AGREEMENT_ID, 1, null, contentHash)));
            }
            println("  agreement active: version " + ledger.agreement(AGREEMENT_ID).activeVersion());
        }

        String caseWalkthrough(String tag) {
            String caseId = "case-" + tag;
            heading("Identity check at a Zhangzhou kiosk");
            // A synthetic ID number of a person registered in Chaozhou; it is never printed or stored.
            String first17 = "44510219800101" + String.format("%03d", RANDOM.nextInt(1000));
            String subjectRef = SubjectReference.compute(hash == HashAlgorithm.SM3
                    ? SubjectReference.Algorithm.HMAC_SM3 : SubjectReference.Algorithm.HMAC_SHA256, secret,
                    first17 + IdNumbers.checkCharacter(first17));
            println("  subject reference (keyed hash of the ID number): " + subjectRef.substring(0, 16) + "…");
            String attestationId = "att-" + tag;
            // The CLI has no camera: this is a sample of the attestation that identity-service writes,
            // with illustrative scores and a model id that says so, never a claim about a real check.
            submit("sample face + ID attestation (illustrative scores)", new Caller(ZZ, Role.SERVICE,
                    "imi-service@zhangzhou"), record(zz, attestationId, new IdentityAttestationBody(subjectRef,
                            AttestationMethod.FACE_AND_ID_CARD,
                            new IdentityAttestationBody.Liveness("ACTION_CHALLENGE", List.of("BLINK", "TURN_LEFT"), true, 0.97),
                            0.83, new IdentityAttestationBody.FaceModel("demo-sample-not-a-model", "0", "0".repeat(64)), 0.62, 1e-6,
                            AttestationDecision.ACCEPTED, List.of(), "kiosk-zz-0007")));

            heading("Case " + caseId + ": " + ITEM + " received in Zhangzhou, decided in Chaozhou");
            Caller zzClerk = new Caller(ZZ, Role.CLERK, "clerk-li@zhangzhou");
            submit("Zhangzhou window receives the case", zzClerk, record(zz, caseId + "/receive",
                    new CaseBody(caseId, AGREEMENT_ID, ITEM, ZZ, CZ, subjectRef, attestationId,
                            List.of(document("transfer-application"), document("contribution-record")), false)));
            submit("Zhangzhou forwards it to Chaozhou", zzClerk, step(zz, caseId, 1, CaseAction.FORWARD, Role.CLERK));
            refused("Zhangzhou tries to approve it itself", new Caller(ZZ, Role.APPROVER, "approver-wu@zhangzhou"),
                    step(zz, caseId, 2, CaseAction.APPROVE, Role.APPROVER));
            submit("Chaozhou approves remotely", new Caller(CZ, Role.APPROVER, "approver-chen@chaozhou"),
                    step(cz, caseId, 2, CaseAction.APPROVE, Role.APPROVER));
            String certificateId = "SITRANSFER-350600-" + Instant.now().toString().substring(0, 4) + "-"
                    + String.format("%06d", ledger.height());
            SignedRecord issued = step(zz, caseId, 3, CaseAction.ISSUE, Role.ISSUER);
            SignedRecord certificate = record(zz, "cert/" + certificateId, new CertificateBody(CertificateAction.ISSUE,
                    certificateId, "SITRANSFER", caseId, subjectRef, document("transfer-certificate"),
                    Instant.now().toString().substring(0, 10), null, null));
            submit("Zhangzhou issues the result and certificate " + certificateId + " (one batch)",
                    new Caller(ZZ, Role.ISSUER, "issuer-lin@zhangzhou"), issued, certificate);

            heading("Shantou recognises the certificate");
            submit("Shantou recognises " + certificateId + " under the agreement", new Caller(ST, Role.CLERK,
                    "clerk-zheng@shantou"), record(st, "recog-" + tag, new RecognitionBody(TargetType.CERTIFICATE,
                            certificateId, AGREEMENT_ID, ITEM, RecognitionDecision.RECOGNISED, null)));

            heading("The auditor reads the timeline");
            CaseTimeline timeline = ledger.caseTimeline(caseId, Instant.now());
            for (CaseStepView s : timeline.steps()) {
                println(String.format("  %d  %-8s %-10s -> %-10s by %s (%s) at %s, +%ds", s.seq(), s.action(),
                        s.from() == null ? "-" : s.from(), s.to(), s.actorOrg(), s.actorRole().externalName(),
                        s.time(), s.durationSeconds()));
            }
            println("  state " + timeline.status().state() + "; time limit " + timeline.status().timeLimitDays()
                    + " working days, deadline " + timeline.status().deadline() + "; overdue: " + timeline.overdue());
            refused("the auditor tries to close the case", new Caller(NODE_ORG, Role.AUDITOR, "auditor-huang@audit"),
                    step(au, caseId, 4, CaseAction.CLOSE, Role.AUDITOR));
            return certificate.record().id();
        }

        private SignedRecord step(RecordFactory by, String caseId, int seq, CaseAction action, Role role) {
            CaseState from = switch (action) {
                case FORWARD -> CaseState.RECEIVED;
                case APPROVE -> CaseState.FORWARDED;
                case ISSUE -> CaseState.APPROVED;
                case CLOSE -> CaseState.ISSUED;
                default -> throw new IllegalArgumentException("the demo does not use " + action);
            };
            return record(by, caseId + "/step-" + seq, new CaseStepBody(caseId, action, from, action.to(), role, List.of()));
        }

        /** Signs a record that follows the latest record of its subject on the ledger. */
        private SignedRecord record(RecordFactory by, String id, RecordBody body) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            String subject = new EvidenceRecord(body.recordType(), id, EvidenceRecord.FORMAT_VERSION, by.org(),
                    now.toString(), null, hash.id(), body).subject();
            return by.create(id, now, ledger.subjectHead(subject).orElse(null), body);
        }

        private void submit(String what, Caller caller, SignedRecord... records) {
            BatchReceipt receipt = ledger.submit(caller, Arrays.asList(records));
            println(String.format("  %-62s block %d, batch %s…", what, ledger.height() - 1, receipt.batchId().substring(0, 12)));
        }

        private void refused(String what, Caller caller, SignedRecord record) {
            try {
                ledger.submit(caller, List.of(record));
            } catch (RuleException e) {
                println(String.format("  %-62s REFUSED %s: %s", what, e.code(), e.getMessage()));
                return;
            }
            throw new IllegalStateException("the ledger accepted what the demo expected it to refuse: " + what);
        }

        private DocumentHash document(String label) {
            byte[] content = new byte[64];
            RANDOM.nextBytes(content);
            return new DocumentHash(label, hash.id(), Hex.encode(hash.digest(content)));
        }

        private Caller admin(String org) {
            return new Caller(org, Role.ADMIN, "admin@" + org);
        }
    }
}
