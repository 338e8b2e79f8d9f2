package org.alliance.ledger.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.alliance.ledger.cli.fabric.FabricIdentityIssuer;
import org.alliance.ledger.cli.fabric.FabricIdentityIssuer.Enrollment;
import org.alliance.ledger.cli.fabric.NodeOu;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.error.RuleException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fabric enroll}: issues one identity from an org's CA key and writes its MSP directory,
 * with the role in the Fabric CA attribute extension that the contract reads.
 */
@Command(name = "enroll", description = {
    "Issue a Fabric identity from an org CA and write it as an MSP directory (signcerts, keystore,",
    "cacerts, tlscacerts, config.yaml with NodeOUs). With --role the certificate carries the Fabric CA",
    "attribute extension 1.2.3.4.5.6.7.8.1 = {\"attrs\":{\"alliance.role\":\"<role>\"}}.",
    "With --batch FILE, issues one identity per line 'NAME OU ROLE|- DIR' from the same CA in one run."})
public final class FabricEnrollCommand extends CliCommand {
    @Option(names = "--ca-cert", required = true, paramLabel = "PEM", description = "The org CA certificate.")
    private Path caCert;

    @Option(names = "--ca-key", required = true, paramLabel = "PEM", description = "The org CA private key (ECDSA P-256).")
    private Path caKey;

    @Option(names = "--tls-ca-cert", paramLabel = "PEM", description = "The org TLS CA certificate, copied to tlscacerts.")
    private Path tlsCaCert;

    @Option(names = "--msp-id", required = true, paramLabel = "ID",
            description = "The org's MSP id, printed with the result so a script can check it.")
    private String mspId;

    @Option(names = "--name", paramLabel = "CN", description = "The common name, such as clerk.")
    private String name;

    @Option(names = "--ou", paramLabel = "CLASS", defaultValue = "client",
            description = "NodeOU class: client (default), admin, peer or orderer.")
    private String ou;

    @Option(names = "--role", paramLabel = "ROLE",
            description = "Contract role: applicant, clerk, approver, issuer, auditor, admin or service.")
    private String role;

    @Option(names = "--days", paramLabel = "N", defaultValue = "365", description = "Validity in days (default 365).")
    private int days;

    @Option(names = "--out", paramLabel = "DIR", description = "The MSP directory to create.")
    private Path out;

    @Option(names = "--batch", paramLabel = "FILE",
            description = "Identities to issue, one per line: NAME OU ROLE|- DIR ('#' starts a comment); '-' reads standard input.")
    private Path batch;

    /** One identity to issue. */
    private record Request(String name, NodeOu nodeOu, Role role, Path out) {
    }

    @Override
    protected int run() {
        if (mspId.isBlank()) {
            throw CliFailure.input("--msp-id must not be empty", null);
        }
        if (days <= 0) {
            throw CliFailure.input("--days must be positive", null);
        }
        List<Request> requests = batch == null ? List.of(single()) : readBatch();
        X509Certificate ca = readCertificate(caCert);
        FabricIdentityIssuer issuer = new FabricIdentityIssuer(ca, readPrivateKey(caKey),
                tlsCaCert == null ? null : readCertificate(tlsCaCert));
        // Every request is checked before the first one is written, so bad input changes nothing.
        for (Request request : requests) {
            if (Files.exists(request.out().resolve("signcerts"))) {
                throw CliFailure.input(request.out() + " already holds an identity", null);
            }
        }
        for (Request request : requests) {
            Enrollment enrollment = issuer.issue(request.name(), request.nodeOu(), request.role(), Duration.ofDays(days));
            issuer.writeMsp(enrollment, request.out());
            println(mspId + " " + enrollment.certificate().getSubjectX500Principal().getName()
                    + (request.role() == null ? "" : " role=" + request.role().externalName()) + " -> " + request.out());
        }
        return ExitCodes.OK;
    }

    private Request single() {
        if (name == null || out == null) {
            throw CliFailure.input("give --name and --out, or --batch", null);
        }
        return new Request(name, parseOu(ou), parseRole(role), out);
    }

    private List<Request> readBatch() {
        if (name != null || out != null || role != null) {
            throw CliFailure.input("--batch cannot be combined with --name, --role or --out", null);
        }
        List<Request> requests = new ArrayList<>();
        Set<Path> outs = new HashSet<>();
        String[] lines = readText(batch).split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields.length != 4) {
                throw CliFailure.input("--batch line " + (i + 1) + ": expected 'NAME OU ROLE|- DIR', got '" + line + "'", null);
            }
            Path dir = Path.of(fields[3]);
            if (!outs.add(dir.toAbsolutePath().normalize())) {
                throw CliFailure.input("--batch line " + (i + 1) + ": " + dir + " is named twice", null);
            }
            requests.add(new Request(fields[0], parseOu(fields[1]), "-".equals(fields[2]) ? null : parseRole(fields[2]), dir));
        }
        if (requests.isEmpty()) {
            throw CliFailure.input("--batch names no identity", null);
        }
        return requests;
    }

    private static NodeOu parseOu(String value) {
        try {
            return NodeOu.parse(value);
        } catch (IllegalArgumentException e) {
            throw CliFailure.input("--ou: " + e.getMessage(), e);
        }
    }

    private static Role parseRole(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Role.parse(value);
        } catch (RuleException e) {
            throw CliFailure.input("--role: " + e.getMessage(), e);
        }
    }
}
