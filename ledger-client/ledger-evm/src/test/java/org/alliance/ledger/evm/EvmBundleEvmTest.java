package org.alliance.ledger.evm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.alliance.ledger.cli.CliIo;
import org.alliance.ledger.cli.ExitCodes;
import org.alliance.ledger.cli.LedgerCli;
import org.alliance.ledger.core.bundle.BundleVerifier;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.alliance.ledger.core.bundle.EvmAnchorProof;
import org.alliance.ledger.core.bundle.EvmAnchorVerifier;
import org.alliance.ledger.core.bundle.TrustStore;
import org.alliance.ledger.core.bundle.Verdict;
import org.alliance.ledger.core.bundle.Verdict.Check;
import org.alliance.ledger.core.checkpoint.Checkpoint;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.crypto.Signer;
import org.alliance.ledger.core.log.AllianceLog;
import org.alliance.ledger.evm.proof.EvmAnchorProofs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.http.HttpService;

/**
 * A record's bundle from the CLI's demo ledger gains the EVM anchor of an alliance-log checkpoint
 * that covers its batch, anchored on geth by the anchorer; the same bundle is then verified offline
 * by ledger-core and by ledger-cli's verify-bundle, and each tampered variant is rejected at its
 * check. With {@code -Dalliance.evmBundleFixture=DIR} it also writes the bundle and its trust
 * directory to DIR, which is how ledger-core's test fixture was made.
 */
class EvmBundleEvmTest extends EvmSuite {
    private static final String PRODUCER = "ShantouMSP";
    private static final List<String> LOG_CHECKS = Stream.concat(
            Stream.of(BundleVerifier.LOG_INCLUSION, BundleVerifier.CHECKPOINT_SIGNATURE), EvmAnchorVerifier.CHECKS.stream()).toList();

    @TempDir
    static Path dir;
    private static Path trust;
    private static EvidenceBundle bundle;
    /** The same record's bundle at a later checkpoint, signed by the producer but never anchored, with the earlier one's anchor. */
    private static EvidenceBundle unanchored;

    @BeforeAll
    static void anchorTheLogOfARecordsBatch() throws Exception {
        CliRun demo = cli("demo", "--data", dir.resolve("demo").toString());
        assertThat(demo.code).as(demo.err).isEqualTo(ExitCodes.OK);
        trust = dir.resolve("demo/trust");
        Path exported;
        try (Stream<Path> files = Files.list(dir.resolve("demo/bundles"))) {
            exported = files.sorted().findFirst().orElseThrow();
        }
        EvidenceBundle plain = EvidenceBundle.parse(Files.readAllBytes(exported));
        HashAlgorithm alg = HashAlgorithm.fromId(plain.batch().alg());

        // The alliance log over a few committed batch roots, the record's batch among them.
        String alliance = alliance("bundle");
        AllianceLog log = new AllianceLog(alliance, alg);
        for (int i = 0; i < 3; i++) {
            log.append(alg.digest(("an earlier batch " + i).getBytes(StandardCharsets.UTF_8)));
        }
        long leaf = log.append(Hex.decode(plain.batch().root()));
        log.append(alg.digest("a later batch".getBytes(StandardCharsets.UTF_8)));
        KeyPair producerKey = Keys.generate(SignatureAlgorithm.SM2);
        Files.writeString(trust.resolve(PRODUCER + ".checkpoint.pem"), Keys.toPem(producerKey.getPublic()), StandardCharsets.US_ASCII);
        Checkpoint checkpoint = log.checkpoint(PRODUCER, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        SignedCheckpoint signed = SignedCheckpoint.sign(checkpoint, Signer.of(producerKey.getPrivate(), producerKey.getPublic()));

        Anchor anchor;
        try (EvmAnchorer anchorer = EvmAnchorer.start(settings(submitter(), alliance, dir.resolve("anchor.journal"), 1))) {
            anchor = anchorer.anchor(new AnchorCheckpoint(alliance, checkpoint.treeSize(), checkpoint.rootBytes(), alg))
                    .get(60, TimeUnit.SECONDS);
        }
        EvmAnchorProof proof = EvmAnchorProofs.collect(new HttpService(node.url), anchor, contract.address());
        bundle = plain.withLogAnchor(new EvidenceBundle.LogAnchor(signed, leaf,
                log.inclusionProof(leaf, log.size()).hashes().stream().map(Hex::encode).toList(), proof));

        log.append(alg.digest("a batch after the anchor".getBytes(StandardCharsets.UTF_8)));
        SignedCheckpoint later = SignedCheckpoint.sign(log.checkpoint(PRODUCER, Instant.now().truncatedTo(ChronoUnit.SECONDS)),
                Signer.of(producerKey.getPrivate(), producerKey.getPublic()));
        unanchored = plain.withLogAnchor(new EvidenceBundle.LogAnchor(later, leaf,
                log.inclusionProof(leaf, log.size()).hashes().stream().map(Hex::encode).toList(), proof));

        String fixture = System.getProperty("alliance.evmBundleFixture");
        if (fixture != null) {
            Path out = Files.createDirectories(Path.of(fixture).resolve("trust"));
            Files.write(out.resolveSibling("bundle.json"), bundle.toCanonicalJson());
            try (Stream<Path> pems = Files.list(trust)) {
                for (Path pem : pems.toList()) {
                    Files.copy(pem, out.resolve(pem.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Test
    void theBundleVerifiesOfflineInCoreAndInTheCli() throws IOException {
        Verdict verdict = new BundleVerifier(trustStore()).verify(EvidenceBundle.parse(bundle.toCanonicalJson()));
        assertThat(verdict.valid()).as(verdict.checks().toString()).isTrue();
        assertThat(verdict.checks()).extracting(Check::name).containsSubsequence(LOG_CHECKS);

        Path file = Files.write(dir.resolve("anchored.json"), bundle.toCanonicalJson());
        CliRun run = cli("verify-bundle", file.toString(), "--trust", trust.toString());
        assertThat(run.code).as(run.out + run.err).isEqualTo(ExitCodes.OK);
        assertThat(run.out).contains(LOG_CHECKS);
        // Without the section the same record verifies as before, with none of the log checks.
        CliRun plain = cli("verify-bundle", Files.write(dir.resolve("plain.json"),
                new EvidenceBundle(1, bundle.record(), bundle.recordHash(), bundle.batch(), bundle.anchor()).toCanonicalJson())
                .toString(), "--trust", trust.toString());
        assertThat(plain.code).as(plain.out + plain.err).isEqualTo(ExitCodes.OK);
        assertThat(plain.out).doesNotContain(BundleVerifier.LOG_INCLUSION, EvmAnchorVerifier.EVM_HEADER);
    }

    @Test
    void tamperedBundlesAreRejectedAtTheirCheck() throws IOException {
        rejected("checkpoint root", n -> checkpoint(n).put("root", flip(checkpoint(n).get("root").textValue())),
                BundleVerifier.LOG_INCLUSION);
        rejected("log proof", n -> {
            ArrayNode p = (ArrayNode) logAnchor(n).get("proof");
            p.set(0, p.get(0).textValue().equals("00".repeat(32)) ? "11".repeat(32) : "00".repeat(32));
        }, BundleVerifier.LOG_INCLUSION);
        rejected("signature", n -> {
            ObjectNode s = (ObjectNode) logAnchor(n).get("checkpoint").get("signature");
            byte[] v = Base64.getDecoder().decode(s.get("value").textValue());
            v[v.length - 1] ^= 1;
            s.put("value", Base64.getEncoder().encodeToString(v));
        }, BundleVerifier.CHECKPOINT_SIGNATURE);
        rejected("header", n -> evm(n).put("header", flip0x(evm(n).get("header").textValue(), 40)), EvmAnchorVerifier.EVM_HEADER);
        rejected("receipt", n -> evm(n).put("receipt", flip0x(evm(n).get("receipt").textValue(), 30)), EvmAnchorVerifier.EVM_RECEIPT);
        // The event's data (its last bytes: the alliance id) lies in the receipt, which the receipt trie fixes.
        rejected("event data", n -> {
            String receipt = evm(n).get("receipt").textValue();
            evm(n).put("receipt", flip0x(receipt, receipt.length() - 2 - 70));
        }, EvmAnchorVerifier.EVM_RECEIPT);
        // A real anchor, but of an earlier checkpoint than the one the bundle's log proof is against.
        rejected("checkpoint never anchored", n -> n.set("logAnchor", unanchored.logAnchor().toJson()),
                EvmAnchorVerifier.EVM_ANCHOR_EVENT);
        // The proof's copy of the checkpoint no longer matches the event it proves.
        rejected("anchored checkpoint", n -> ((ObjectNode) evm(n).get("checkpoint")).put("treeSize",
                bundle.logAnchor().evm().treeSize() + 1), EvmAnchorVerifier.EVM_ANCHOR_EVENT);
    }

    private void rejected(String what, Consumer<ObjectNode> tamper, String failing) throws IOException {
        ObjectNode n = (ObjectNode) bundle.toJson();
        tamper.accept(n);
        byte[] json = n.toString().getBytes(StandardCharsets.UTF_8);
        Verdict verdict = new BundleVerifier(trustStore()).verify(EvidenceBundle.parse(json));
        assertThat(verdict.valid()).as(what).isFalse();
        assertThat(verdict.checks()).filteredOn(c -> c.outcome() == Verdict.Outcome.FAIL).extracting(Check::name)
                .as(what + ": " + verdict.checks()).first().isEqualTo(failing);
        CliRun run = cli("verify-bundle", Files.write(dir.resolve("tampered.json"), json).toString(), "--trust", trust.toString());
        assertThat(run.code).as(what + ": " + run.out + run.err).isEqualTo(ExitCodes.INVALID);
        assertThat(run.out).as(what).contains(failing);
    }

    private static ObjectNode logAnchor(JsonNode n) {
        return (ObjectNode) n.get("logAnchor");
    }

    private static ObjectNode checkpoint(JsonNode n) {
        return (ObjectNode) logAnchor(n).get("checkpoint").get("checkpoint");
    }

    private static ObjectNode evm(JsonNode n) {
        return (ObjectNode) logAnchor(n).get("evm");
    }

    private static String flip(String hex) {
        return (hex.charAt(0) == '0' ? "1" : "0") + hex.substring(1);
    }

    private static String flip0x(String hex, int at) {
        return hex.substring(0, 2 + at) + flip(hex.substring(2 + at));
    }

    private static TrustStore trustStore() throws IOException {
        Map<String, String> pems = new TreeMap<>();
        try (Stream<Path> files = Files.list(trust)) {
            for (Path f : files.toList()) {
                pems.put(f.getFileName().toString(), Files.readString(f, StandardCharsets.US_ASCII));
            }
        }
        return TrustStore.fromPems(pems);
    }

    private record CliRun(int code, String out, String err) {
    }

    private static CliRun cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LedgerCli.execute(new CliIo(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)), args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
