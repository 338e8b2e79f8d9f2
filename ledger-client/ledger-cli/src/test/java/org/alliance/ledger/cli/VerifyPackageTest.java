package org.alliance.ledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.alliance.ledger.core.bundle.ContainerJson;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.alliance.ledger.core.bundle.EvidencePackage;
import org.alliance.ledger.core.bundle.PackageVerifier;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.record.CertificateBody;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.rules.CertificateHistoryEntry;
import org.alliance.ledger.core.rules.CertificateView;
import org.alliance.ledger.embedded.EmbeddedLedger;
import org.alliance.ledger.embedded.EmbeddedLedgerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify-bundle} on evidence packages: a certificate history exported from the demo's ledger. */
class VerifyPackageTest {
    @TempDir
    static Path dir;

    private static Path pkg;
    private static Path bundle;

    @BeforeAll
    static void exportTheDemoCertificatesHistory() throws IOException {
        CliRun demo = CliRun.run("demo", "--data", dir.toString());
        assertThat(demo.code()).as(demo.err()).isEqualTo(ExitCodes.OK);
        try (Stream<Path> files = Files.list(dir.resolve("bundles"))) {
            bundle = files.findFirst().orElseThrow();
        }
        EvidenceBundle b = EvidenceBundle.parse(Files.readAllBytes(bundle));
        String certificateId = ((CertificateBody) RecordCodec.signedFromTree(b.record()).record().body()).certificateId();
        try (EmbeddedLedger ledger = EmbeddedLedger.open(EmbeddedLedgerConfig.defaults(dir.resolve("ledger"), DemoAlliance.AUDIT))) {
            pkg = write("history.json", historyPackage(ledger, certificateId).toJson());
        }
    }

    /** The package identity-service exports for {@code GET /api/audit/certificates/{id}/history/export}. */
    private static EvidencePackage historyPackage(EmbeddedLedger ledger, String certificateId) {
        CertificateView v = ledger.certificate(certificateId);
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        view.put("certificateId", certificateId).put("status", v.state().status().name())
                .put("issuerOrg", v.state().issuerOrg()).put("caseId", v.state().caseId()).put("itemCode", v.state().itemCode());
        ArrayNode history = view.putArray("history");
        List<EvidenceBundle> bundles = new ArrayList<>();
        for (CertificateHistoryEntry e : v.history()) {
            history.add(RecordCodec.toTree(e));
            bundles.add(ledger.bundle(e.recordId()));
        }
        view.put("bookmark", "");
        return new EvidencePackage(1, EvidencePackage.Kind.CERTIFICATE_HISTORY, certificateId, view, bundles);
    }

    private static Path write(String name, JsonNode json) throws IOException {
        return Files.writeString(dir.resolve(name), json.toString());
    }

    private static String trust() {
        return dir.resolve("trust").toString();
    }

    private static Path edited(String name, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode json = (ObjectNode) ContainerJson.parse(Files.readAllBytes(pkg), EvidencePackage.MAX_BYTES);
        edit.accept(json);
        return write(name, json);
    }

    @Test
    void anExportedPackageVerifiesWithItsBundlesAndViewChecks() {
        CliRun run = CliRun.run("verify-bundle", pkg.toString(), bundle.toString(), "--trust", trust());
        assertThat(run.code()).as(run.text()).isEqualTo(ExitCodes.OK);
        assertThat(run.text()).startsWith(pkg + ": VALID (CERTIFICATE_HISTORY ")
                .contains("  bundle ", "    PASS        RECORD_SIGNATURE", "  view:", PackageVerifier.CITED_BUNDLE,
                        PackageVerifier.UNCITED_BUNDLE, PackageVerifier.VIEW_FACTS, PackageVerifier.VIEW_SUMMARY,
                        "not verified offline (computed by the exporting service):", "itemCode")
                .contains(bundle + ": VALID");
        assertThat(run.text()).doesNotContain("FAIL");
    }

    @Test
    void progressCountsEveryBundleOnStandardErrorAndLeavesTheVerdictsAlone() throws IOException {
        int bundles = EvidencePackage.fromJson(ContainerJson.parse(Files.readAllBytes(pkg), EvidencePackage.MAX_BYTES))
                .bundles().size() + 1;
        for (boolean json : List.of(false, true)) {
            List<String> args = new ArrayList<>(List.of("verify-bundle", pkg.toString(), bundle.toString(), "--trust", trust()));
            if (json) {
                args.add("--json");
            }
            CliRun quiet = CliRun.run(plus(args, "--no-progress"));
            CliRun bar = CliRun.run(plus(args, "--progress", "bar"));
            assertThat(quiet.code()).isZero();
            assertThat(quiet.err()).isEmpty();
            assertThat(bar.code()).isZero();
            assertThat(bar.out()).isEqualTo(quiet.out());
            String[] frames = bar.err().strip().split("\r");
            assertThat(frames[frames.length - 1]).startsWith("verify-bundle 100% [")
                    .contains("] " + bundles + "/" + bundles + " bundles ");
            // The bar steps off its line before each verdict is printed.
            assertThat(bar.err()).contains("\r" + " ".repeat(frames[0].length()) + "\r");
        }
    }

    private static String[] plus(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void jsonOutputCarriesEveryBundleAndTheViewChecks() {
        CliRun run = CliRun.run("verify-bundle", "--json", pkg.toString(), "--trust", trust());
        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        JsonNode verdict = ContainerJson.parse(run.out(), 1 << 20);
        assertThat(verdict.get("status").textValue()).isEqualTo("VALID");
        assertThat(verdict.get("kind").textValue()).isEqualTo("CERTIFICATE_HISTORY");
        assertThat(verdict.get("bundles")).isNotEmpty().allMatch(b -> b.get("status").textValue().equals("VALID"));
        assertThat(verdict.get("viewChecks")).isNotEmpty().allMatch(c -> c.get("outcome").textValue().equals("PASS"));
        assertThat(verdict.get("notVerifiedOffline")).isNotEmpty();
    }

    @Test
    void aTamperedPackageIsExitOne() throws IOException {
        List<Consumer<ObjectNode>> edits = List.of(
                j -> ((ObjectNode) j.get("view").get("history").get(0)).put("action", "REVOKE"),
                j -> ((ObjectNode) j.get("view")).put("issuerOrg", DemoAlliance.AUDIT),
                j -> ((ArrayNode) j.get("bundles")).removeAll(),
                j -> ((ObjectNode) j.get("bundles").get(0).get("record").get("record")).put("time", "2020-01-01T00:00:00Z"));
        for (int i = 0; i < edits.size(); i++) {
            CliRun run = CliRun.run("verify-bundle", edited("tampered-" + i + ".json", edits.get(i)).toString(), "--trust", trust());
            assertThat(run.code()).as("edit %d: %s", i, run.text()).isEqualTo(ExitCodes.INVALID);
            assertThat(run.text()).contains("INVALID", "FAIL");
        }
    }

    @Test
    void aMalformedPackageIsExitTwo() throws IOException {
        CliRun.run("verify-bundle", edited("unknown.json", j -> j.put("note", "x")).toString(), "--trust", trust())
                .fails(ExitCodes.USAGE);
        CliRun.run("verify-bundle", edited("kind.json", j -> j.put("kind", "CASES")).toString(), "--trust", trust())
                .fails(ExitCodes.USAGE);
        CliRun.run("verify-bundle", edited("version.json", j -> j.put("packageVersion", 9)).toString(), "--trust", trust())
                .fails(ExitCodes.USAGE);
    }

    @Test
    void helpExplainsPackagesAndWhatIsNotVerified() {
        CliRun help = CliRun.run("verify-bundle", "--help");
        assertThat(help.code()).isEqualTo(ExitCodes.OK);
        assertThat(help.text().replaceAll("\\s+", " ")).contains("packageVersion", "evidence package",
                "not verified offline", "bundle or package JSON file(s)");
    }
}
