package org.alliance.ledger.service.ledger;

import java.net.URI;
import java.nio.file.Path;
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
 */
@ConfigurationProperties("alliance.ledger")
public record LedgerProperties(@DefaultValue("embedded") Mode mode, @DefaultValue("true") boolean seedDemoAgreement,
        Path demoMemberKeys, URI remoteUrl, String internalSecret) {
    /** The ledger implementations. */
    public enum Mode {
        /** The in-process ledger of {@code ledger-embedded}, in the data directory. */
        EMBEDDED,
        /** Another instance's embedded ledger on this machine, through its internal endpoint (two-region development runs). */
        REMOTE_EMBEDDED,
        /** A Hyperledger Fabric network through the Gateway SDK. */
        FABRIC
    }
}
