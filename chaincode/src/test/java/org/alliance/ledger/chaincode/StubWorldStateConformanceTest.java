package org.alliance.ledger.chaincode;

import java.time.Instant;
import java.util.function.Function;

import org.alliance.ledger.conformance.WorldStateContract;
import org.alliance.ledger.core.state.WorldState;

/**
 * The chaincode's world state against the WorldState contract, over an in-memory stand-in for
 * the peer's stub; the fabric suite runs the same code on real peers.
 */
class StubWorldStateConformanceTest extends WorldStateContract {
    private final FakeLedger ledger = new FakeLedger();
    private final byte[] creator = TestIdentities.withRole("ZhangzhouMSP", "clerk");

    @Override
    protected <T> T transact(Function<WorldState, T> body) {
        FakeLedger.Tx tx = ledger.begin(creator, true);
        T result = body.apply(StubWorldState.forSubmit(tx.stub));
        tx.commit();
        return result;
    }

    @Override
    protected <T> T read(Function<WorldState, T> body) {
        return body.apply(StubWorldState.forEvaluate(ledger.begin(creator, false).stub));
    }

    @Override
    protected Instant expectedTxTime() {
        return ledger.now();
    }
}
