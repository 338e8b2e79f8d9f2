package org.alliance.ledger.service.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.alliance.ledger.core.bundle.ContainerJson;
import org.alliance.ledger.core.bundle.EvidencePackage;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.service.testkit.LedgerCliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The auditor's path end to end, as the docs tell it: the three exports of a real cross-region
 * flow, downloaded from the service, checked offline by the built {@code ledger-cli} jar run as
 * its own process ({@code java -jar ledger-cli.jar verify-bundle --trust DIR ...}), with a trust
 * directory of PEM files as an auditor would keep it. The in-process tests use the verifier
 * class; this one holds the shipped command, its packaging and its exit codes to the same
 * packages. Run by failsafe, after {@code ledger-cli} is packaged ({@code ledger.cli.jar}).
 */
class AuditExportCliIT extends AuditExportFixture {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The command's exit status, and its standard output and error. */

    @Test
    void theBuiltCliVerifiesTheServicesExportsAndRefusesATamperedOne() throws Exception {
        Flow flow = flow();
        Path trust = trustDirectory(trustedKeys(flow));
        Path timeline = save("timeline.package.json", export("/api/audit/cases/" + flow.caseId() + "/timeline/export"));
        Path history = save("history.package.json",
                export("/api/audit/certificates/" + flow.certId() + "/history/export"));
        Path recognitions = save("recognitions.package.json",
                export("/api/audit/recognitions/export?targetId=" + flow.certId()));

        LedgerCliProcess.Run valid = cli("verify-bundle", "--json", "--trust", trust.toString(), timeline.toString(), history.toString(),
                recognitions.toString());
        assertThat(valid.exit()).as(valid.err()).isZero();
        List<JsonNode> verdicts = verdicts(valid.out());
        assertThat(verdicts).extracting(v -> v.path("status").asText()).containsExactly("VALID", "VALID", "VALID");
        assertThat(verdicts).extracting(v -> v.path("kind").asText())
                .containsExactly("CASE_TIMELINE", "CERTIFICATE_HISTORY", "RECOGNITIONS");
        assertThat(verdicts.get(0).path("subject").asText()).isEqualTo(flow.caseId());

        // The approval attributed to Zhangzhou instead of Chaozhou: the view no longer matches its record.
        ObjectNode tampered = (ObjectNode) ContainerJson.parse(Files.readAllBytes(timeline), EvidencePackage.MAX_BYTES);
        ((ObjectNode) tampered.get("view").get("steps").get(2)).put("actorOrg", DemoAlliance.ZHANGZHOU);
        Path forged = save("forged.package.json", tampered.toString().getBytes(StandardCharsets.UTF_8));
        LedgerCliProcess.Run invalid = cli("verify-bundle", "--json", "--trust", trust.toString(), timeline.toString(), forged.toString());
        assertThat(invalid.exit()).as(invalid.err()).isEqualTo(1);
        assertThat(verdicts(invalid.out())).extracting(v -> v.path("status").asText()).containsExactly("VALID", "INVALID");

        // An auditor who trusts other keys cannot be shown a valid package.
        Path strangers = Files.createDirectories(dir.resolve("strangers"));
        Files.writeString(strangers.resolve(DemoAlliance.CHAOZHOU + ".pem"),
                Keys.toPem(Keys.generate(SignatureAlgorithm.SM2).getPublic()));
        LedgerCliProcess.Run untrusted = cli("verify-bundle", "--json", "--trust", strangers.toString(), timeline.toString());
        assertThat(untrusted.exit()).as(untrusted.err()).isEqualTo(1);

        Path garbage = save("garbage.json", "not json".getBytes(StandardCharsets.UTF_8));
        LedgerCliProcess.Run bad = cli("verify-bundle", "--trust", trust.toString(), garbage.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("garbage.json");
    }

    /** One PEM file per key, named {@code MSPID.N.pem} as the command's help describes. */
    private Path trustDirectory(Map<String, List<PublicKey>> keys) throws IOException {
        Path trust = Files.createDirectories(dir.resolve("trust"));
        for (Map.Entry<String, List<PublicKey>> org : keys.entrySet()) {
            for (int i = 0; i < org.getValue().size(); i++) {
                Files.writeString(trust.resolve(org.getKey() + "." + i + ".pem"), Keys.toPem(org.getValue().get(i)));
            }
        }
        return trust;
    }

    private Path save(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static List<JsonNode> verdicts(String out) throws IOException {
        List<JsonNode> verdicts = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            verdicts.add(JSON.readTree(line));
        }
        return verdicts;
    }

    private LedgerCliProcess.Run cli(String... args) throws Exception {
        return LedgerCliProcess.run(dir, args);
    }
}
