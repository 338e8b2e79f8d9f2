package org.alliance.ledger.cli;

import static org.alliance.ledger.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alliance.ledger.core.bundle.TrustStore;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.crypto.Signer;
import org.alliance.ledger.core.log.AllianceLog;
import org.alliance.ledger.core.log.FileWitnessStateStore;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;
import org.alliance.ledger.core.log.Witness;
import org.alliance.ledger.core.log.WitnessDecision;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code checkpoint verify-consistency} on checkpoints a member signed and a witness co-signed,
 * with the proof made by {@code merkle consistency} from the batch roots.
 */
class CheckpointCommandTest {
    static final String PRODUCER = "ZhangzhouMSP";
    static final String WITNESS = "ChaozhouMSP";
    static final HashAlgorithm ALG = HashAlgorithm.SM3;
    static final Instant T = Instant.parse("2026-12-07T08:00:00Z");

    @TempDir
    Path dir;
    final Map<String, KeyPair> keys = new LinkedHashMap<>();
    Path trust;
    Witness witness;

    @BeforeEach
    void members() throws Exception {
        trust = Files.createDirectory(dir.resolve("trust"));
        Map<String, List<java.security.PublicKey>> pub = new LinkedHashMap<>();
        for (String org : List.of(PRODUCER, WITNESS)) {
            keys.put(org, Keys.generate(SignatureAlgorithm.SM2));
            Files.writeString(trust.resolve(org + ".pem"), Keys.toPem(keys.get(org).getPublic()));
            pub.put(org, List.of(keys.get(org).getPublic()));
        }
        witness = new Witness(WITNESS, Signer.of(keys.get(WITNESS)), TrustStore.of(pub),
                new FileWitnessStateStore(dir.resolve("witness")));
    }

    static List<byte[]> roots(int size, int rewritten) {
        List<byte[]> roots = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            roots.add(ALG.digest(new byte[] {(byte) (i == rewritten ? 100 + i : i)}));
        }
        return roots;
    }

    /** Signs the log of these roots as the producer, and writes it, co-signed if the witness agrees. */
    Path checkpoint(String name, List<byte[]> roots, Instant time) throws Exception {
        AllianceLog log = new AllianceLog("DEMO-ALLIANCE", ALG);
        roots.forEach(log::append);
        SignedCheckpoint signed = SignedCheckpoint.sign(log.checkpoint(PRODUCER, time), Signer.of(keys.get(PRODUCER)));
        if (witness.lastCosigned("DEMO-ALLIANCE").isEmpty()
                && witness.cosign(signed, null) instanceof WitnessDecision.Cosigned cosigned) {
            signed = cosigned.checkpoint();
        }
        return Files.writeString(dir.resolve(name), signed.toJson());
    }

    /** The proof, made by the CLI itself from the batch roots (the alliance log's leaf data). */
    Path proof(String name, List<byte[]> roots, int from, int to) throws Exception {
        Path leaves = Files.writeString(dir.resolve(name + ".roots"),
                String.join("\n", roots.stream().map(Hex::encode).toList()) + "\n");
        String proof = run("merkle", "consistency", "--alg", "sm3", "--from", String.valueOf(from), "--to",
                String.valueOf(to), leaves.toString()).line();
        return Files.writeString(dir.resolve(name), proof);
    }

    CliRun verify(Path from, Path to, Path proof, String... extra) {
        List<String> args = new ArrayList<>(List.of("checkpoint", "verify-consistency", "--from", from.toString(),
                "--to", to.toString(), "--trust", trust.toString()));
        if (proof != null) {
            args.addAll(List.of("--proof", proof.toString()));
        }
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    @Test
    void aCheckpointThatExtendsTheEarlierOneVerifies() throws Exception {
        Path a = checkpoint("a.json", roots(5, -1), T);
        Path b = checkpoint("b.json", roots(8, -1), T.plusSeconds(60));
        CliRun ok = verify(a, b, proof("p.json", roots(8, -1), 5, 8));
        assertThat(ok.code()).as(ok.err()).isEqualTo(ExitCodes.OK);
        assertThat(ok.text()).startsWith(b + " extends " + a + ": VALID")
                .contains("PASS        FROM_COSIGNATURES     co-signed by " + WITNESS)
                .contains("PASS        CONSISTENCY           the tree of size 8 extends the tree of size 5");
        // A co-signature is required of A (which has one) and of B (which has none).
        CliRun missing = verify(a, b, proof("p.json", roots(8, -1), 5, 8), "--cosignatures", "1");
        assertThat(missing.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(missing.text()).contains("FAIL        TO_COSIGNATURES       0 co-signature(s) (), 1 required");
    }

    @Test
    void truncationRewritingAndTamperingAreInvalidAndNameTheFailingCheck() throws Exception {
        Path a = checkpoint("a.json", roots(5, -1), T);
        Path cut = checkpoint("cut.json", roots(3, -1), T.plusSeconds(60));
        CliRun truncated = verify(a, cut, proof("p.json", roots(5, -1), 3, 5));
        assertThat(truncated.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(truncated.text()).contains(": INVALID").contains("FAIL        CONSISTENCY           TRUNCATED");

        List<byte[]> forged = roots(8, 1);
        Path rewritten = checkpoint("forged.json", forged, T.plusSeconds(60));
        CliRun inconsistent = verify(a, rewritten, proof("fp.json", forged, 5, 8));
        assertThat(inconsistent.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(inconsistent.text()).contains("FAIL        CONSISTENCY           INCONSISTENT");

        Path forkedSameSize = checkpoint("fork.json", roots(5, 2), T.plusSeconds(60));
        assertThat(verify(a, forkedSameSize, null).text()).contains("CONSISTENCY           FORKED");

        Path b = checkpoint("b.json", roots(8, -1), T.plusSeconds(60));
        Path tampered = Files.writeString(dir.resolve("t.json"), Files.readString(b).replace("\"treeSize\":8", "\"treeSize\":9"));
        CliRun bad = verify(a, tampered, proof("p9.json", roots(9, -1), 5, 9));
        assertThat(bad.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(bad.text()).contains("FAIL        TO_SIGNATURE          " + PRODUCER + "'s signature does not verify");
    }

    @Test
    void badInputIsExitTwo() throws Exception {
        Path a = checkpoint("a.json", roots(5, -1), T);
        Path b = checkpoint("b.json", roots(8, -1), T.plusSeconds(60));
        Path p = proof("p.json", roots(8, -1), 5, 8);
        assertThat(verify(a, b, null).fails(ExitCodes.USAGE).err()).contains("--proof is required");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"checkpoint\":");
        assertThat(verify(broken, b, p).fails(ExitCodes.USAGE).err()).contains("--from").contains("not a signed checkpoint");
        Path shortHash = Files.writeString(dir.resolve("short.json"), "{\"fromSize\":5,\"toSize\":8,\"hashes\":[\"00\"]}");
        assertThat(verify(a, b, shortHash).fails(ExitCodes.USAGE).err()).contains("--proof");
        assertThat(verify(a, dir.resolve("none.json"), p).fails(ExitCodes.USAGE).err()).contains("no such file");
        assertThat(run("checkpoint", "verify-consistency", "--from", a.toString(), "--to", b.toString(), "--proof",
                p.toString(), "--trust", dir.resolve("nowhere").toString()).fails(ExitCodes.USAGE).err())
                .contains("trust directory");
        assertThat(run("checkpoint").code()).isEqualTo(ExitCodes.USAGE);
    }
}
