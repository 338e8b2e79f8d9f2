package org.alliance.ledger.service.ledger;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which ledger the service writes to ({@code alliance.ledger.*}).
 *
 * @param mode {@code embedded} (default), {@code remote-embedded} or {@code fabric}
 * @param seedDemoAgreement whether a new, empty embedded ledger gets the demo alliance agreement,
 *     with this service's key registered for its org, so that a first run can record attestations
 * @param demoMemberKeys development only: a directory where the seeder keeps the other demo
 *     members' signing keys ({@code MSPID.key}, PKCS#8 PEM, mode 600) instead of discarding them, so
 *     that a second instance (another region) or a test can sign as those orgs on the same ledger;
 *     unset (the default), they are discarded after signing the agreement
 * @param remoteUrl with mode {@code remote-embedded}: the base URL of the instance that owns the
 *     embedded ledger, for example {@code http://127.0.0.1:8081}
 * @param internalSecret development only: the shared secret of the internal ledger endpoint; on
 *     the owning instance it switches the endpoint on, on the remote one it is presented
 * @param fabric with mode {@code fabric}: how this org reaches the network
 */
@ConfigurationProperties("alliance.ledger")
public record LedgerProperties(@DefaultValue("embedded") Mode mode, @DefaultValue("true") boolean seedDemoAgreement,
        Path demoMemberKeys, URI remoteUrl, String internalSecret, Fabric fabric) {
    /** The ledger implementations. */
    public enum Mode {
        /** The in-process ledger of {@code ledger-embedded}, in the data directory. */
        EMBEDDED,
        /** Another instance's embedded ledger on this machine, through its internal endpoint (two-region development runs). */
        REMOTE_EMBEDDED,
        /** A Hyperledger Fabric network through the Gateway SDK. */
        FABRIC
    }

    /**
     * This org's way into a Fabric network ({@code alliance.ledger.fabric.*}).
     *
     * @param channel the channel
     * @param chaincode the evidence chaincode
     * @param users this org's enrolled users: a directory with one {@code <role>/msp} directory per
     *     role (clerk, approver, issuer, auditor, service, admin), as {@code ledger-cli fabric enroll}
     *     writes them; roles without a directory cannot act here
     * @param peers the gateway peers, this org's own first and another org's next, for failover
     * @param roles the roles this instance acts in, by their names (clerk, approver, ...); empty
     *     (the default) for every role the users directory holds. A read-only instance names only
     *     {@code auditor} and {@code admin}, so it holds no identity that could write a case step
     */
    public record Fabric(@DefaultValue("evidence") String channel, @DefaultValue("evidence") String chaincode,
            Path users, List<Peer> peers, List<String> roles) {
        /** An absent role list means every role. */
        public Fabric {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    /**
     * A gateway peer.
     *
     * @param host the host, on this machine 127.0.0.1
     * @param port the peer's port
     * @param tlsRoot the PEM file of the TLS CA that issued the peer's certificate
     * @param serverName the name to check in the peer's certificate, or empty for {@code host}
     */
    public record Peer(String host, int port, Path tlsRoot, String serverName) {
    }
}
