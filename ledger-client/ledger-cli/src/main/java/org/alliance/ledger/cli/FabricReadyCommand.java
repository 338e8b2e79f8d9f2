package org.alliance.ledger.cli;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.alliance.ledger.cli.fabric.DiscoveryProbe;
import org.alliance.ledger.cli.fabric.DiscoveryProbe.DiscoveryException;
import org.alliance.ledger.cli.fabric.DiscoveryProbe.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fabric ready}: waits until a peer's discovery service can plan an endorsement of a
 * chaincode that spans enough orgs, which is what the Gateway needs before it can endorse.
 */
@Command(name = "ready", description = {
    "Wait until the peer's discovery service plans endorsements of CHAINCODE across at least",
    "--min-orgs orgs (the plan the peer's Gateway uses), with endorsers from every --endorser-org.",
    "Exit 0 when it does, 1 at the timeout."})
public final class FabricReadyCommand extends CliCommand {
    @Option(names = "--peer", required = true, paramLabel = "HOST:PORT", description = "The peer to ask.")
    private String peer;

    @Option(names = "--tls-ca", required = true, paramLabel = "PEM", description = "The CA of the peer's TLS certificate.")
    private Path tlsCa;

    @Option(names = "--msp-id", required = true, paramLabel = "ID", description = "The asking identity's MSP id.")
    private String mspId;

    @Option(names = "--msp-dir", required = true, paramLabel = "DIR",
            description = "The asking identity's MSP directory (signcerts/cert.pem, keystore/priv_sk).")
    private Path mspDir;

    @Option(names = "--channel", required = true, paramLabel = "NAME", description = "The channel.")
    private String channel;

    @Option(names = "--chaincode", required = true, paramLabel = "NAME", description = "The chaincode.")
    private String chaincode;

    @Option(names = "--min-orgs", defaultValue = "2", paramLabel = "N",
            description = "Orgs every planned endorsement must involve (default 2).")
    private int minOrgs;

    @Option(names = "--endorser-org", paramLabel = "MSPID",
            description = "An org whose peer must be among the planned endorsers (repeatable), such as an org that just joined.")
    private java.util.List<String> endorserOrgs = java.util.List.of();

    @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS", description = "How long to wait (default 60).")
    private int timeoutSeconds;

    @Override
    protected int run() throws InterruptedException {
        if (minOrgs < 1 || timeoutSeconds < 0) {
            throw CliFailure.input("--min-orgs must be at least 1 and --timeout not negative", null);
        }
        X509Certificate root = readCertificate(tlsCa);
        X509Certificate cert = readCertificate(mspDir.resolve("signcerts").resolve("cert.pem"));
        var key = readPrivateKey(mspDir.resolve("keystore").resolve("priv_sk"));
        Instant start = Instant.now();
        Instant deadline = start.plus(Duration.ofSeconds(timeoutSeconds));
        String last;
        try (DiscoveryProbe probe = new DiscoveryProbe(peer, root, mspId, cert, key)) {
            while (true) {
                try {
                    Plan plan = probe.endorsementPlan(channel, chaincode);
                    if (plan.orgsPerEndorsement() >= minOrgs && plan.endorserOrgs().containsAll(endorserOrgs)) {
                        println(String.format("discovery on %s plans %s endorsements across %d orgs per transaction "
                                + "(%d layouts, endorsers from %s) after %.1f s", peer, chaincode, plan.orgsPerEndorsement(),
                                plan.layouts().size(), String.join(", ", plan.endorserOrgs()),
                                Duration.between(start, Instant.now()).toMillis() / 1000.0));
                        return ExitCodes.OK;
                    }
                    last = plan.orgsPerEndorsement() < minOrgs
                            ? "plans only " + plan.orgsPerEndorsement() + " orgs per endorsement: " + plan.layouts()
                            : "plans endorsers from " + plan.endorserOrgs() + " only, not yet from all of " + endorserOrgs;
                } catch (DiscoveryException e) {
                    last = e.getMessage();
                }
                if (Instant.now().isAfter(deadline)) {
                    throw CliFailure.invalid("discovery on " + peer + " cannot plan " + chaincode + " endorsements across "
                            + minOrgs + " orgs after " + timeoutSeconds + " s: " + last);
                }
                Thread.sleep(500);
            }
        }
    }
}
