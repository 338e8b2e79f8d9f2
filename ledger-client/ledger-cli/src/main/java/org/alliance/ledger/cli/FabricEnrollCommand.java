package org.alliance.ledger.cli;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.alliance.ledger.cli.fabric.FabricIdentityIssuer;
import org.alliance.ledger.cli.fabric.FabricIdentityIssuer.Enrollment;
import org.alliance.ledger.cli.fabric.NodeOu;
import org.alliance.ledger.core.crypto.CryptoException;
import org.alliance.ledger.core.rules.Role;
import org.alliance.ledger.core.rules.RuleException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fabric enroll}: issues one identity from an org's CA key and writes its MSP directory,
 * with the role in the Fabric CA attribute extension that the contract reads.
 */
@Command(name = "enroll", description = {
    "Issue a Fabric identity from an org CA and write it as an MSP directory (signcerts, keystore,",
    "cacerts, tlscacerts, config.yaml with NodeOUs). With --role the certificate carries the Fabric CA",
    "attribute extension 1.2.3.4.5.6.7.8.1 = {\"attrs\":{\"alliance.role\":\"<role>\"}}."})
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

    @Option(names = "--name", required = true, paramLabel = "CN", description = "The common name, such as clerk.")
    private String name;

    @Option(names = "--ou", paramLabel = "CLASS", defaultValue = "client",
            description = "NodeOU class: client (default), admin, peer or orderer.")
    private String ou;

    @Option(names = "--role", paramLabel = "ROLE",
            description = "Contract role: applicant, clerk, approver, issuer, auditor, admin or service.")
    private String role;

    @Option(names = "--days", paramLabel = "N", defaultValue = "365", description = "Validity in days (default 365).")
    private int days;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The MSP directory to create.")
    private Path out;

    @Override
    protected int run() {
        NodeOu nodeOu = NodeOu.parse(ou);
        Role parsedRole = parseRole();
        if (mspId.isBlank()) {
            throw CliFailure.input("--msp-id must not be empty", null);
        }
        if (days <= 0) {
            throw CliFailure.input("--days must be positive", null);
        }
        X509Certificate ca = readCertificate(caCert);
        FabricIdentityIssuer issuer = new FabricIdentityIssuer(ca, readPrivateKey(caKey),
                tlsCaCert == null ? null : readCertificate(tlsCaCert));
        Enrollment enrollment = issuer.issue(name, nodeOu, parsedRole, Duration.ofDays(days));
        issuer.writeMsp(enrollment, out);
        println(mspId + " " + enrollment.certificate().getSubjectX500Principal().getName()
                + (parsedRole == null ? "" : " role=" + parsedRole.externalName()) + " -> " + out);
        return ExitCodes.OK;
    }

    private Role parseRole() {
        if (role == null) {
            return null;
        }
        try {
            return Role.parse(role);
        } catch (RuleException e) {
            throw CliFailure.input("--role: " + e.getMessage(), e);
        }
    }

    private X509Certificate readCertificate(Path file) {
        try {
            return FabricIdentityIssuer.readCertificatePem(readText(file));
        } catch (CryptoException e) {
            throw CliFailure.input(file + ": " + e.getMessage(), e);
        }
    }
}
