package org.alliance.ledger.service.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import org.alliance.ledger.core.bundle.ContainerJson;
import org.alliance.ledger.core.bundle.TrustBundle;
import org.alliance.ledger.core.codec.CanonicalJson;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.crypto.Signatures;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.service.testkit.LedgerCliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A verifier's whole path with the packaged {@code ledger-cli.jar} as its own process: {@code trust
 * fetch} from the service running on 127.0.0.1, then {@code verify-bundle --trust trust.json} on
 * the service's export, with no other step. A trust bundle changed after download, one re-signed
 * by a key that is not a member's, and a service that cannot be reached each fail with exit 1
 * and say why; bad usage exits 2.
 */
class TrustFetchCliIT extends AuditExportFixture {
    @LocalServerPort
    int port;

    @TempDir
    Path dir;

    @Test
    void trustFetchThenVerifyBundleVerifiesTheServicesExport() throws Exception {
        Flow flow = flow();
        Path timeline = Files.write(dir.resolve("timeline.package.json"),
                export("/api/audit/cases/" + flow.caseId() + "/timeline/export"));

        Path trust = dir.resolve("trust.json");
        LedgerCliProcess.Run fetched = cli("trust", "fetch", "http://127.0.0.1:" + port, "-o", trust.toString());
        assertThat(fetched.exit()).as(fetched.out() + fetched.err()).isZero();
        String fingerprint = TrustBundle.parse(Files.readAllBytes(trust)).chain().genesisHash();
        assertThat(fetched.out()).contains("fingerprint " + fingerprint)
                .contains("member " + DemoAlliance.CHAOZHOU).contains("valid from ")
                .contains("served and signed by " + service.org());

        LedgerCliProcess.Run verified = cli("verify-bundle", "--trust", trust.toString(), "--expect-agreement",
                fingerprint, timeline.toString());
        assertThat(verified.exit()).as(verified.out() + verified.err()).isZero();
        assertThat(verified.out()).contains(timeline + ": VALID").contains("fingerprint " + fingerprint);

        LedgerCliProcess.Run other = cli("verify-bundle", "--trust", trust.toString(), "--expect-agreement",
                "sha256:" + "00".repeat(32), timeline.toString());
        assertThat(other.exit()).isEqualTo(1);
        assertThat(other.err()).contains("EXPECTED_AGREEMENT");
    }

    @Test
    void aChangedOrNonMemberSignedTrustBundleOrAnUnreachableServiceFails() throws Exception {
        Path trust = dir.resolve("trust.json");
        assertThat(cli("trust", "fetch", "http://127.0.0.1:" + port + "/api/trust", "-o", trust.toString()).exit()).isZero();
        Path timeline = Files.write(dir.resolve("timeline.package.json"),
                export("/api/audit/cases/" + flow().caseId() + "/timeline/export"));
        ObjectNode doc = (ObjectNode) ContainerJson.parse(Files.readAllBytes(trust), TrustBundle.MAX_BYTES);

        // A node key swapped after download: the service's signature no longer covers the file.
        ObjectNode changed = doc.deepCopy();
        ((ObjectNode) changed.get("nodeKeys").get(0)).put("publicKey", Base64.getEncoder().encodeToString(
                Keys.generate(SignatureAlgorithm.SM2).getPublic().getEncoded()));
        LedgerCliProcess.Run tampered = cli("verify-bundle", "--trust", save("changed.json", changed).toString(),
                timeline.toString());
        assertThat(tampered.exit()).as(tampered.out() + tampered.err()).isEqualTo(1);
        assertThat(tampered.err()).contains("TRUST_SIGNATURE").contains("changed after");
        assertThat(tampered.out()).doesNotContain("VALID");

        // The same file signed afresh by a stranger's key: whoever served it is not a member.
        KeyPair stranger = Keys.generate(SignatureAlgorithm.SM2);
        ObjectNode resigned = doc.deepCopy();
        resigned.putObject("signer").put("org", "XiamenMSP").put("alg", SignatureAlgorithm.SM2.id())
                .put("publicKey", Base64.getEncoder().encodeToString(stranger.getPublic().getEncoded()));
        resigned.remove("signature");
        resigned.put("signature", Base64.getEncoder().encodeToString(Signatures.sign(SignatureAlgorithm.SM2,
                stranger.getPrivate(), CanonicalJson.canonicalize(resigned))));
        LedgerCliProcess.Run strangers = cli("verify-bundle", "--trust", save("stranger.json", resigned).toString(),
                timeline.toString());
        assertThat(strangers.exit()).as(strangers.out() + strangers.err()).isEqualTo(1);
        assertThat(strangers.err()).contains("TRUST_SIGNER_MEMBER").contains("not served by an alliance member");

        // Nothing listens on port 9 of this host; nothing is written.
        Path nowhere = dir.resolve("nowhere.json");
        LedgerCliProcess.Run unreachable = cli("trust", "fetch", "http://127.0.0.1:9", "-o", nowhere.toString());
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot fetch http://127.0.0.1:9/api/trust");
        assertThat(nowhere).doesNotExist();
        LedgerCliProcess.Run notFound = cli("trust", "fetch", "http://127.0.0.1:" + port, "--agreement", "agr-nobody",
                "-o", nowhere.toString());
        assertThat(notFound.exit()).isEqualTo(1);
        assertThat(notFound.err()).contains("answered HTTP 404");
        assertThat(cli("trust", "fetch", "not a url").exit()).isEqualTo(2);
        assertThat(cli("verify-bundle", "--trust", save("garbage.json", "not json").toString(), timeline.toString())
                .exit()).isEqualTo(2);
    }

    private Path save(String name, Object content) throws Exception {
        byte[] bytes = content instanceof ObjectNode n ? CanonicalJson.canonicalize(n)
                : content.toString().getBytes(StandardCharsets.UTF_8);
        return Files.write(dir.resolve(name), bytes);
    }

    private LedgerCliProcess.Run cli(String... args) throws Exception {
        return LedgerCliProcess.run(dir, args);
    }
}
