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

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.alliance.ledger.core.bundle.BundleVerifier;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.alliance.ledger.core.bundle.TrustStore;
import org.alliance.ledger.core.bundle.Verdict;
import org.alliance.ledger.core.codec.CanonicalJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code verify-bundle}: checks evidence bundles offline against a trust directory and prints the
 * verdict with every check. Exit 0 only if every bundle is valid, 1 if any is not, 2 for
 * unreadable input.
 */
@Command(name = "verify-bundle",
        description = {"Verify evidence bundles offline: record signature and signer, record hash, Merkle path, "
                + "and the ledger anchor of the batch root.",
            "Exit status: 0 all valid, 1 some bundle is not valid, 2 bad input."})
public final class VerifyBundleCommand extends CliCommand {
    @Parameters(arity = "1..*", paramLabel = "BUNDLE", description = "bundle JSON file(s)")
    private List<Path> bundles;

    @Option(names = "--trust", required = true, paramLabel = "DIR",
            description = "trust directory: MSPID.pem or MSPID.NAME.pem files, each a public key or X.509 certificate")
    private Path trustDir;

    @Option(names = "--json", description = "print one JSON verdict per bundle instead of text")
    private boolean json;

    @Override
    protected int run() {
        TrustStore trust = readTrustDirectory(trustDir);
        BundleVerifier verifier = new BundleVerifier(trust);
        // Read every bundle first, so bad input fails (exit 2) before any verdict is printed.
        Map<Path, EvidenceBundle> parsed = new LinkedHashMap<>();
        for (Path file : bundles) {
            parsed.put(file, parseBundle(file, readInput(file)));
        }
        boolean allValid = true;
        for (Map.Entry<Path, EvidenceBundle> e : parsed.entrySet()) {
            Verdict verdict = verifier.verify(e.getValue());
            allValid &= verdict.valid();
            println(json ? toJson(e.getKey(), verdict) : toText(e.getKey(), verdict));
        }
        return allValid ? ExitCodes.OK : ExitCodes.INVALID;
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

    private static EvidenceBundle parseBundle(Path file, byte[] bytes) {
        try {
            return EvidenceBundle.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw CliFailure.input(file + " is not an evidence bundle: " + e.getMessage(), e);
        }
    }

    private static String toText(Path file, Verdict verdict) {
        StringBuilder sb = new StringBuilder(file + ": " + verdict.status());
        for (Verdict.Check c : verdict.checks()) {
            sb.append('\n').append(String.format("  %-11s %-21s %s", c.outcome(), c.name(), c.reason()));
        }
        return sb.toString();
    }

    private static String toJson(Path file, Verdict verdict) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("file", file.toString());
        n.put("status", verdict.status().name());
        ArrayNode checks = n.putArray("checks");
        for (Verdict.Check c : verdict.checks()) {
            checks.addObject().put("name", c.name()).put("outcome", c.outcome().name()).put("reason", c.reason());
        }
        return CanonicalJson.canonicalString(n);
    }
}
