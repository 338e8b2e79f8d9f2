package org.alliance.ledger.fabric;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.alliance.ledger.conformance.AllianceFixture;
import org.alliance.ledger.conformance.EvidenceLedgerContract;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Fabric ledger against the EvidenceLedger contract, on the running network: every write is
 * endorsed by the orgs' peers and ordered by the SmartBFT orderers. The client holds the users the
 * contract writes as (Zhangzhou's, Chaozhou's approver and clerk, the auditor); a restart closes
 * every connection and builds a new client, while the network keeps running.
 */
@Tag("fabric")
@ExtendWith(FabricNetwork.class)
class FabricLedgerConformanceTest extends EvidenceLedgerContract {
    private static FabricAlliance alliance;
    private static AllianceFixture fixture;
    private static FabricLedger ledger;

    @BeforeAll
    static void connect(FabricAlliance theAlliance) {
        alliance = theAlliance;
        fixture = AllianceFixture.of(Map.of(
                DemoAlliance.ZHANGZHOU, alliance.signer(DemoAlliance.ZHANGZHOU),
                DemoAlliance.CHAOZHOU, alliance.signer(DemoAlliance.CHAOZHOU),
                DemoAlliance.SHANTOU, alliance.signer(DemoAlliance.SHANTOU),
                DemoAlliance.AUDIT, alliance.signer(DemoAlliance.AUDIT)), alliance.agreementId, alliance.agreed);
        ledger = build();
    }

    private static FabricLedger build() {
        FabricLedger.Builder b = alliance.ledger(0, List.of(Role.AUDITOR, Role.SERVICE, Role.CLERK, Role.APPROVER),
                alliance.peers(0, 1));
        alliance.withUsers(b, 1, List.of(Role.APPROVER, Role.CLERK), alliance.peers(1, 2));
        alliance.withUsers(b, 3, List.of(Role.AUDITOR), alliance.peers(3, 0));
        return b.build();
    }

    @AfterAll
    static void disconnect() {
        ledger.close();
    }

    @Override
    protected EvidenceLedger ledger() {
        return ledger;
    }

    @Override
    protected EvidenceLedger restart() {
        ledger.close();
        ledger = build();
        return ledger;
    }

    @Override
    protected EvidenceLedger impatient() {
        return ledger.withTimeouts(ledger.timeouts().withCommitStatus(Duration.ofSeconds(3)));
    }

    @Override
    protected Duration eventWait() {
        return Duration.ofSeconds(60);
    }

    @Override
    protected AllianceFixture alliance() {
        return fixture;
    }
}
