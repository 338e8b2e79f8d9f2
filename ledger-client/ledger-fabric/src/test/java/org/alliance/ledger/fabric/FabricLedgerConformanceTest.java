package org.alliance.ledger.fabric;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.alliance.ledger.conformance.AllianceFixture;
import org.alliance.ledger.conformance.EvidenceLedgerContract;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Fabric ledger against the EvidenceLedger contract, on the running network: every write is
 * endorsed by the orgs' peers and ordered by the SmartBFT orderers. The client holds the users the
 * contract writes as (Zhangzhou's, Chaozhou's approver and clerk, the auditor).
 */
@Tag("fabric")
@ExtendWith(FabricNetwork.class)
class FabricLedgerConformanceTest extends EvidenceLedgerContract {
    private static FabricAlliance alliance;
    private static AllianceFixture fixture;

    @BeforeAll
    static void connect(FabricAlliance theAlliance) {
        alliance = theAlliance;
        fixture = AllianceFixture.of(Map.of(
                DemoAlliance.ZHANGZHOU, alliance.signer(DemoAlliance.ZHANGZHOU),
                DemoAlliance.CHAOZHOU, alliance.signer(DemoAlliance.CHAOZHOU),
                DemoAlliance.SHANTOU, alliance.signer(DemoAlliance.SHANTOU),
                DemoAlliance.AUDIT, alliance.signer(DemoAlliance.AUDIT)), alliance.agreementId, alliance.agreed);
    }

    /** Each instance is a new client with its own connections; the network keeps running. */
    @Override
    protected EvidenceLedger open() {
        FabricLedger.Builder b = alliance.ledger(0, List.of(Role.AUDITOR, Role.SERVICE, Role.CLERK, Role.APPROVER),
                alliance.peers(0, 1));
        alliance.withUsers(b, 1, List.of(Role.APPROVER, Role.CLERK), alliance.peers(1, 2));
        alliance.withUsers(b, 3, List.of(Role.AUDITOR), alliance.peers(3, 0));
        return b.build();
    }

    @Override
    protected EvidenceLedger impatient() {
        FabricLedger ledger = (FabricLedger) ledger();
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
