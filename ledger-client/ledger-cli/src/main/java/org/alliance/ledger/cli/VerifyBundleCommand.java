package org.alliance.ledger.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.alliance.ledger.core.bundle.AgreementChain;
import org.alliance.ledger.core.bundle.BundleVerifier;
import org.alliance.ledger.core.bundle.ContainerJson;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.alliance.ledger.core.bundle.EvidencePackage;
import org.alliance.ledger.core.bundle.PackageVerdict;
import org.alliance.ledger.core.bundle.PackageVerifier;
import org.alliance.ledger.core.bundle.TrustBundle;
import org.alliance.ledger.core.bundle.TrustStore;
import org.alliance.ledger.core.bundle.Verdict;
import org.alliance.ledger.cli.anchor.FabricAnchorVerifier;
import org.alliance.ledger.cli.progress.Progress;
import org.alliance.ledger.core.codec.CanonicalJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code verify-bundle}: checks evidence bundles, and evidence packages (an audit view with the
 * bundle of every record it cites), offline against a trust bundle or directory and prints the verdict with
 * every check. A file is a package if it has {@code packageVersion}, a bundle otherwise. Exit 0
 * only if every file is valid, 1 if any is not, 2 for unreadable input.
 */
@Command(name = "verify-bundle",
        description = {"Verify evidence bundles offline: record signature and signer, record hash, Merkle path, "
                + "and the ledger anchor of the batch root.",
            "A Fabric anchor is checked offline with the org CA certificates: the block holds the transaction (data "
                + "hash) and is signed by a SmartBFT quorum of the orgs' orderers; the transaction is VALID in the block; "
                + "its endorsed write set writes the batch root; every endorser is a peer certified by its org's CA and "
                + "its signature verifies; the endorsing orgs are a majority, including the owner of any owned key changed.",
            "A bundle with a logAnchor section is also checked for the alliance log and its EVM anchor: the batch root "
                + "is in the signed checkpoint's tree (LOG_INCLUSION), the checkpoint's producer signed it with a key of the "
                + "trust directory (CHECKPOINT_SIGNATURE), and the EVM block header, transaction and receipt proofs hold and "
                + "the anchor contract's event anchors exactly that checkpoint (EVM_HEADER, EVM_TRANSACTION, EVM_RECEIPT, "
                + "EVM_ANCHOR_EVENT).",
            "A file with packageVersion is an evidence package (an auditor's exported case timeline, certificate "
                + "history or recognitions): each of its bundles is verified, then the view: every cited record has "
                + "exactly one bundle, no bundle is uncited, and each entry's facts (record id, action, states, org, "
                + "role, status, decision, time) equal its record's. Durations, deadlines and overdue flags are "
                + "computed by the exporting service and listed as not verified offline.",
            "Progress (--progress) counts the bundles verified, a package's all at once.",
            "Exit status: 0 all valid, 1 some bundle or package is not valid, 2 bad input."})
public final class VerifyBundleCommand extends CliCommand {
    @Parameters(arity = "1..*", paramLabel = "BUNDLE", description = "bundle or package JSON file(s)")
    private List<Path> bundles;

    @Option(names = "--trust", required = true, paramLabel = "FILE|DIR",
            description = {"a trust bundle file (trust fetch, or GET /api/trust of a member's service): the agreement in "
                    + "force with every member's signature, whose record keys, node keys and CA certificates are trusted "
                    + "once the file's signatures verify and its signer is a member; a changed file, or one a non-member "
                    + "signed, fails with exit 1.",
                "Or a trust directory: MSPID.pem or MSPID.NAME.pem files, each a public key or X.509 certificate.",
                "For bundles from Fabric it holds each member org's CA certificate (for example ZhangzhouMSP.ca.pem): "
                    + "the orgs with a CA certificate are the channel's members, whose majority must have endorsed "
                    + "and whose orderers must have signed the block."})
    private Path trustDir;

    @Option(names = "--expect-agreement", paramLabel = "HASH",
            description = "with a trust bundle: the agreement fingerprint (or in-force hash) you expect; another fails")
    private String expectAgreement;

    @Option(names = "--chaincode", paramLabel = "NAME", defaultValue = FabricAnchorVerifier.DEFAULT_CHAINCODE,
            description = "the evidence chaincode's name on the Fabric channel (default: ${DEFAULT-VALUE}); "
                    + "a Fabric bundle whose batch another chaincode wrote is not proven")
    private String chaincode;

    @Option(names = "--json", description = "print one JSON verdict per file instead of text")
    private boolean json;

    @Mixin
    private ProgressOption progress;

    @Override
    protected int run() {
        TrustStore trust = readTrust();
        BundleVerifier verifier = new BundleVerifier(trust, List.of(new FabricAnchorVerifier(chaincode)));
        PackageVerifier packages = new PackageVerifier(verifier);
        // Read every file first, so bad input fails (exit 2) before any verdict is printed.
        Map<Path, Object> parsed = new LinkedHashMap<>();
        for (Path file : bundles) {
            parsed.put(file, parse(file, readInput(file)));
        }
        long bundleCount = parsed.values().stream().mapToLong(VerifyBundleCommand::bundleCount).sum();
        boolean allValid = true;
        try (Progress bar = progress.start(io(), commandName(), "bundles", 0, bundleCount)) {
            for (Map.Entry<Path, Object> e : parsed.entrySet()) {
                String report;
                if (e.getValue() instanceof EvidencePackage p) {
                    PackageVerdict verdict = packages.verify(p);
                    allValid &= verdict.valid();
                    report = json ? CanonicalJson.canonicalString(toJson(e.getKey(), p, verdict)) : toText(e.getKey(), p, verdict);
                } else {
                    Verdict verdict = verifier.verify((EvidenceBundle) e.getValue());
                    allValid &= verdict.valid();
                    report = json ? CanonicalJson.canonicalString(toJson(e.getKey(), verdict)) : toText(e.getKey(), verdict);
                }
                // Verdicts stream out as they come; the bar steps off the line while one is printed.
                bar.clearLine();
                println(report);
                io().out().flush();
                bar.step(bundleCount(e.getValue()));
            }
            bar.finish();
        }
        return allValid ? ExitCodes.OK : ExitCodes.INVALID;
    }

    /** Bundles a parsed file holds: a package's, or 1 for a bundle. */
    private static long bundleCount(Object parsed) {
        return parsed instanceof EvidencePackage p ? p.bundles().size() : 1;
    }

    /** A trust bundle file, verified, or a trust directory. */
    private TrustStore readTrust() {
        if (!Files.isRegularFile(trustDir)) {
            if (expectAgreement != null) {
                throw CliFailure.input("--expect-agreement needs a trust bundle file, not the directory " + trustDir, null);
            }
            return readTrustDirectory(trustDir);
        }
        TrustBundle bundle = TrustFiles.verified(readInput(trustDir), trustDir.toString(), expectAgreement);
        if (!json) {
            AgreementChain chain = bundle.chain();
            println("trust " + trustDir + ": agreement " + chain.agreementId() + " version " + chain.version()
                    + ", fingerprint " + chain.genesisHash() + ", signed by " + bundle.signerOrg());
        }
        return bundle.trustStore();
    }

    /**
     * Reads every {@code *.pem} file of a trust directory into a trust store.
     *
     * @param dir the directory
     * @return the trust store
     * @throws CliFailure with exit 2 if the directory is unreadable, has no PEM file, or a file is bad
     */
    static TrustStore readTrustDirectory(Path dir) {
        Map<String, String> pems = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pem")) {
            for (Path f : files) {
                pems.put(f.getFileName().toString(), Files.readString(f, StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            throw CliFailure.input("cannot read trust directory " + dir + ": " + e.getMessage(), e);
        }
        if (pems.isEmpty()) {
            throw CliFailure.input("trust directory " + dir + " holds no .pem file", null);
        }
        try {
            return TrustStore.fromPems(pems);
        } catch (IllegalArgumentException e) {
            throw CliFailure.input(dir + ": " + e.getMessage(), e);
        }
    }

    /** A package if the document says {@code packageVersion}, otherwise a bundle. */
    private static Object parse(Path file, byte[] bytes) {
        JsonNode root;
        try {
            root = ContainerJson.parse(bytes, EvidencePackage.MAX_BYTES);
        } catch (IllegalArgumentException e) {
            throw CliFailure.input(file + " is not an evidence bundle or package: " + e.getMessage(), e);
        }
        if (root.isObject() && root.has("packageVersion")) {
            try {
                return EvidencePackage.fromJson(root);
            } catch (IllegalArgumentException e) {
                throw CliFailure.input(file + " is not an evidence package: " + e.getMessage(), e);
            }
        }
        try {
            return EvidenceBundle.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw CliFailure.input(file + " is not an evidence bundle: " + e.getMessage(), e);
        }
    }

    private static String toText(Path file, Verdict verdict) {
        StringBuilder sb = new StringBuilder(file + ": " + verdict.status());
        appendChecks(sb, verdict.checks(), "  ");
        return sb.toString();
    }

    private static String toText(Path file, EvidencePackage p, PackageVerdict verdict) {
        StringBuilder sb = new StringBuilder(file + ": " + verdict.status() + " (" + p.kind() + " " + p.subject() + ", "
                + p.bundles().size() + " bundles)");
        for (PackageVerdict.BundleResult b : verdict.bundles()) {
            sb.append("\n  bundle ").append(b.recordId()).append(": ").append(b.verdict().status());
            appendChecks(sb, b.verdict().checks(), "    ");
        }
        sb.append("\n  view:");
        appendChecks(sb, verdict.viewChecks(), "    ");
        sb.append("\n  not verified offline (computed by the exporting service):");
        verdict.notVerifiedOffline().forEach(n -> sb.append("\n    ").append(n));
        return sb.toString();
    }

    /** Appends one aligned line per check: outcome, name, reason. */
    static void appendChecks(StringBuilder sb, List<Verdict.Check> checks, String indent) {
        for (Verdict.Check c : checks) {
            sb.append('\n').append(indent).append(String.format("%-11s %-21s %s", c.outcome(), c.name(), c.reason()));
        }
    }

    private static ObjectNode toJson(Path file, Verdict verdict) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("file", file.toString());
        n.put("status", verdict.status().name());
        n.set("checks", checksJson(verdict.checks()));
        return n;
    }

    private static ObjectNode toJson(Path file, EvidencePackage p, PackageVerdict verdict) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("file", file.toString());
        n.put("kind", p.kind().name());
        n.put("subject", p.subject());
        n.put("status", verdict.status().name());
        ArrayNode list = n.putArray("bundles");
        for (PackageVerdict.BundleResult b : verdict.bundles()) {
            ObjectNode o = list.addObject();
            o.put("recordId", b.recordId());
            o.put("status", b.verdict().status().name());
            o.set("checks", checksJson(b.verdict().checks()));
        }
        n.set("viewChecks", checksJson(verdict.viewChecks()));
        ArrayNode computed = n.putArray("notVerifiedOffline");
        verdict.notVerifiedOffline().forEach(computed::add);
        return n;
    }

    private static ArrayNode checksJson(List<Verdict.Check> checks) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (Verdict.Check c : checks) {
            out.addObject().put("name", c.name()).put("outcome", c.outcome().name()).put("reason", c.reason());
        }
        return out;
    }
}
