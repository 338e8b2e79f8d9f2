package org.alliance.ledger.fabric;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A benchmark's alliance on a bench-profile network of its own, registered as a static field:
 * started before the class's tests ({@link FabricAlliance#onOwnBenchNetwork}), taken down after
 * them. Where the fabric suite is skipped, so is the benchmark.
 */
final class OwnBenchNetwork implements BeforeAllCallback, AfterAllCallback {
    private final String name;
    private final int portOffset;
    private FabricAlliance alliance;

    /**
     * @param name the state directory's name under {@code ledger-client/ledger-fabric/target}
     * @param portOffset added to {@code ALLIANCE_FABRIC_PORT_BASE}, clear of every other network's
     */
    OwnBenchNetwork(String name, int portOffset) {
        this.name = name;
        this.portOffset = portOffset;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        alliance = FabricAlliance.onOwnBenchNetwork(name, portOffset);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (alliance != null) {
            alliance.close();
        }
    }

    FabricAlliance alliance() {
        return alliance;
    }

    FabricNetwork.Started network() {
        return alliance.network;
    }
}
