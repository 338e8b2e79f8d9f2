package org.alliance.ledger.conformance;

import java.util.function.Function;

import org.alliance.ledger.core.state.MemoryWorldState;
import org.alliance.ledger.core.state.WorldState;

/** ledger-core's in-memory world state, which the rules' own tests run on, against the WorldState contract. */
class MemoryWorldStateConformanceTest extends WorldStateContract {
    private final MemoryWorldState state = new MemoryWorldState();

    @Override
    protected <T> T transact(Function<WorldState, T> body) {
        return state.transact(TX_TIME, body);
    }

    @Override
    protected <T> T read(Function<WorldState, T> body) {
        return body.apply(state.reader(TX_TIME));
    }
}
