package org.alliance.ledger.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.alliance.ledger.core.bundle.BundleVerifier;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.alliance.ledger.core.bundle.EvmAnchorVerifier;
import org.alliance.ledger.core.bundle.Verdict;
import org.alliance.ledger.core.codec.JsonInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle with a log anchor from a real geth run, verified offline by ledger-core's verifier and
 * by {@code verify-bundle}; every tampered variant is rejected naming its check. The fixture,
 * {@code src/test/resources/evm-bundle/}, was written by ledger-evm's {@code EvmBundleEvmTest}
 * (run with {@code -Dalliance.evmBundleFixture=DIR}): a record of the CLI's demo ledger, its batch
 * root in an alliance log whose SM2-signed checkpoint the anchorer anchored on geth --dev, the proof
 * collected from that node, and the trust directory (public keys only) it verifies against. The
 * evm suite does the same on a fresh anchor.
 */
class VerifyEvmBundleCommandTest {
    private static final List<String> LOG_CHECKS = Stream.concat(
            Stream.of(BundleVerifier.LOG_INCLUSION, BundleVerifier.CHECKPOINT_SIGNATURE), EvmAnchorVerifier.CHECKS.stream()).toList();
    private static final Path FIXTURE = fixture();
    private static final Path TRUST = FIXTURE.resolve("trust");
    private static final byte[] JSON = read(FIXTURE.resolve("bundle.json"));

    @TempDir
    Path tmp;

    private static Path fixture() {
        try {
            return Path.of(VerifyEvmBundleCommandTest.class.getResource("/evm-bundle").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Verdict verify(byte[] json, Path trust) {
        return new BundleVerifier(VerifyBundleCommand.readTrustDirectory(trust)).verify(EvidenceBundle.parse(json));
    }

    private static byte[] edited(Consumer<ObjectNode> edit) {
        ObjectNode n = (ObjectNode) EvidenceBundle.parse(JSON).toJson();
        edit.accept(n);
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode logAnchor(ObjectNode n) {
        return (ObjectNode) n.get("logAnchor");
    }

    private static ObjectNode evm(ObjectNode n) {
        return (ObjectNode) logAnchor(n).get("evm");
    }

    /** The hex text with the digit at {@code at} (after any 0x) changed. */
    private static String otherDigit(String hex, int at) {
        int i = (hex.startsWith("0x") ? 2 : 0) + at;
        return hex.substring(0, i) + (hex.charAt(i) == '0' ? '1' : '0') + hex.substring(i + 1);
    }

    private void failsFirstAt(byte[] json, String check) throws IOException {
        failsFirstAt(json, TRUST, check);
    }

    /** Fails first at {@code check} in the core verifier, and verify-bundle exits 1 naming it failed. */
    private void failsFirstAt(byte[] json, Path trust, String check) throws IOException {
        Verdict v = verify(json, trust);
        assertThat(v.valid()).isFalse();
        assertThat(v.checks()).filteredOn(c -> c.outcome() == Verdict.Outcome.FAIL).extracting(Verdict.Check::name)
                .as(v.checks().toString()).first().isEqualTo(check);
        assertThat(v.checks()).extracting(Verdict.Check::name).containsSubsequence(LOG_CHECKS);
        Path file = Files.write(tmp.resolve("tampered.json"), json);
        CliRun run = CliRun.run("verify-bundle", file.toString(), "--trust", trust.toString(), "--json");
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.INVALID);
        assertThat(run.text()).contains("\"name\":\"" + check + "\",\"outcome\":\"FAIL\"");
    }

    @Test
    void theRecordedBundleVerifiesWithEveryLogCheck() {
        CliRun run = CliRun.run("verify-bundle", FIXTURE.resolve("bundle.json").toString(), "--trust", TRUST.toString());
        assertThat(run.code()).as(run.text() + run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.text()).contains(LOG_CHECKS);
        Verdict v = verify(JSON, TRUST);
        assertThat(v.valid()).as(v.checks().toString()).isTrue();
        assertThat(v.checks()).extracting(Verdict.Check::name).containsSubsequence(LOG_CHECKS);
        assertThat(v.checks()).filteredOn(c -> c.name().equals(EvmAnchorVerifier.EVM_ANCHOR_EVENT)).first()
                .extracting(Verdict.Check::reason).asString().contains("submitted by 0x");
    }

    @Test
    void theSectionRoundTripsAndIsOptional() {
        EvidenceBundle b = EvidenceBundle.parse(JSON);
        assertThat(b.toCanonicalJson()).isEqualTo(EvidenceBundle.parse(b.toCanonicalJson()).toCanonicalJson());
        EvidenceBundle without = new EvidenceBundle(b.bundleVersion(), b.record(), b.recordHash(), b.batch(), b.anchor());
        Verdict v = verify(without.toCanonicalJson(), TRUST);
        assertThat(v.valid()).as(v.checks().toString()).isTrue();
        assertThat(v.checks()).extracting(Verdict.Check::name).doesNotContainAnyElementsOf(LOG_CHECKS);
        assertThat(without.toJson().has("logAnchor")).isFalse();
    }

    @Test
    void tamperedLogPartsFailTheirCheck() throws IOException {
        failsFirstAt(edited(n -> {
            ObjectNode c = (ObjectNode) logAnchor(n).get("checkpoint").get("checkpoint");
            c.put("root", otherDigit(c.get("root").textValue(), 0));
        }), BundleVerifier.LOG_INCLUSION);
        failsFirstAt(edited(n -> {
            ArrayNode p = (ArrayNode) logAnchor(n).get("proof");
            p.set(0, otherDigit(p.get(0).textValue(), 5));
        }), BundleVerifier.LOG_INCLUSION);
        failsFirstAt(edited(n -> logAnchor(n).put("leafIndex", logAnchor(n).get("leafIndex").longValue() + 1)),
                BundleVerifier.LOG_INCLUSION);
        failsFirstAt(edited(n -> {
            ObjectNode s = (ObjectNode) logAnchor(n).get("checkpoint").get("signature");
            byte[] v = Base64.getDecoder().decode(s.get("value").textValue());
            v[v.length - 1] ^= 1;
            s.put("value", Base64.getEncoder().encodeToString(v));
        }), BundleVerifier.CHECKPOINT_SIGNATURE);
        // A checkpoint signed with a key the trust directory does not hold for its producer.
        String producer = EvidenceBundle.parse(JSON).logAnchor().checkpoint().checkpoint().org();
        Path without = Files.createDirectories(tmp.resolve("trust"));
        try (Stream<Path> pems = Files.list(TRUST)) {
            for (Path pem : pems.filter(p -> !p.getFileName().toString().startsWith(producer + ".checkpoint")).toList()) {
                Files.copy(pem, without.resolve(pem.getFileName()));
            }
        }
        failsFirstAt(JSON, without, BundleVerifier.CHECKPOINT_SIGNATURE);
    }

    @Test
    void tamperedEvmPartsFailTheirCheck() throws IOException {
        failsFirstAt(edited(n -> evm(n).put("header", otherDigit(evm(n).get("header").textValue(), 40))), EvmAnchorVerifier.EVM_HEADER);
        failsFirstAt(edited(n -> evm(n).put("blockHash", otherDigit(evm(n).get("blockHash").textValue(), 3))),
                EvmAnchorVerifier.EVM_HEADER);
        failsFirstAt(edited(n -> evm(n).put("blockNumber", evm(n).get("blockNumber").longValue() + 1)), EvmAnchorVerifier.EVM_HEADER);
        failsFirstAt(edited(n -> evm(n).put("transaction", otherDigit(evm(n).get("transaction").textValue(), 30))),
                EvmAnchorVerifier.EVM_TRANSACTION);
        failsFirstAt(edited(n -> evm(n).put("txIndex", evm(n).get("txIndex").longValue() + 1)), EvmAnchorVerifier.EVM_TRANSACTION);
        failsFirstAt(edited(n -> evm(n).put("receipt", otherDigit(evm(n).get("receipt").textValue(), 30))), EvmAnchorVerifier.EVM_RECEIPT);
        failsFirstAt(edited(n -> evm(n).putArray("receiptProof")), EvmAnchorVerifier.EVM_RECEIPT);
        // The event's own data, near the receipt's end, is fixed by the receipt trie.
        failsFirstAt(edited(n -> {
            String r = evm(n).get("receipt").textValue();
            evm(n).put("receipt", otherDigit(r, r.length() - 2 - 70));
        }), EvmAnchorVerifier.EVM_RECEIPT);
        failsFirstAt(edited(n -> ((ObjectNode) evm(n).get("checkpoint")).put("root",
                otherDigit(evm(n).get("checkpoint").get("root").textValue(), 4))), EvmAnchorVerifier.EVM_ANCHOR_EVENT);
        failsFirstAt(edited(n -> ((ObjectNode) evm(n).get("checkpoint")).put("allianceId",
                "another-alliance")), EvmAnchorVerifier.EVM_ANCHOR_EVENT);
        failsFirstAt(edited(n -> evm(n).put("contract", "0x000000000000000000000000000000000000dead")),
                EvmAnchorVerifier.EVM_ANCHOR_EVENT);
    }

    @Test
    void theSectionIsParsedStrictly() {
        assertThatThrownBy(() -> EvidenceBundle.parse(edited(n -> logAnchor(n).put("extra", 1))))
                .isInstanceOf(JsonInputException.class).hasMessageContaining("logAnchor.extra");
        assertThatThrownBy(() -> EvidenceBundle.parse(edited(n -> logAnchor(n).remove("evm"))))
                .isInstanceOf(JsonInputException.class).hasMessageContaining("logAnchor.evm is required");
        assertThatThrownBy(() -> EvidenceBundle.parse(edited(n -> evm(n).put("ledger", "fabric"))))
                .isInstanceOf(JsonInputException.class).hasMessageContaining("\"ledger\": \"evm\"");
        assertThatThrownBy(() -> EvidenceBundle.parse(edited(n -> evm(n).put("txIndex", -1))))
                .isInstanceOf(JsonInputException.class).hasMessageContaining("evm.txIndex");
        assertThatThrownBy(() -> EvidenceBundle.parse(edited(n -> {
            ArrayNode p = evm(n).putArray("receiptProof");
            for (int i = 0; i < 21; i++) {
                p.add("0x00");
            }
        }))).isInstanceOf(JsonInputException.class).extracting(e -> ((JsonInputException) e).kind())
                .isEqualTo(JsonInputException.Kind.TOO_LARGE);
        assertThatThrownBy(() -> EvidenceBundle.parse(edited(n -> ((ObjectNode) logAnchor(n).get("checkpoint")).put("extra", 1))))
                .isInstanceOf(JsonInputException.class);
    }
}
