package org.alliance.ledger.embedded;

import java.util.function.Function;

import org.alliance.ledger.conformance.WorldStateContract;
import org.alliance.ledger.core.state.WorldState;

/** The embedded ledger's transaction buffer against the WorldState contract, over its real state store. */
class TransactionBufferConformanceTest extends WorldStateContract {
    private final StateStore state = new StateStore();
    private int transactions;

    @Override
    protected <T> T transact(Function<WorldState, T> body) {
        TransactionBuffer tx = TransactionBuffer.begin(state, "tx" + ++transactions, TX_TIME);
        T result = body.apply(tx);
        state.apply(tx.writeSet());
        return result;
    }

    @Override
    protected <T> T read(Function<WorldState, T> body) {
        return state.read(() -> body.apply(TransactionBuffer.readOnly(state, TX_TIME)));
    }
}
