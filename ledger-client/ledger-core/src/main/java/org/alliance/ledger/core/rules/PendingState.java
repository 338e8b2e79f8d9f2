package org.alliance.ledger.core.rules;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.state.WorldState;

/**
 * The writes of a batch held back until every record has passed, so that a refusal leaves the
 * world state untouched even on a world state that would apply writes at once. Reads see the
 * batch's own earlier writes, so later records of a batch can build on earlier ones.
 */
final class PendingState {
    private record Write(byte[] value, String owner) {
    }

    private final WorldState state;
    private final Map<String, Write> writes = new LinkedHashMap<>();

    PendingState(WorldState state) {
        this.state = state;
    }

    WorldState world() {
        return state;
    }

    <T> Optional<T> read(String key, Class<T> type) {
        Write w = writes.get(key);
        Optional<byte[]> raw = w != null ? Optional.of(w.value()) : state.get(key);
        return raw.map(bytes -> RecordCodec.fromJson(bytes, type));
    }

    void write(String key, Object value) {
        writes.put(key, new Write(RecordCodec.toCanonicalJson(value), null));
    }

    void writeOwned(String key, Object value, String ownerMspId) {
        writes.put(key, new Write(RecordCodec.toCanonicalJson(value), ownerMspId));
    }

    /** Applies every write, in the order first made, with its latest value. */
    void flush() {
        for (Map.Entry<String, Write> e : writes.entrySet()) {
            if (e.getValue().owner() == null) {
                state.put(e.getKey(), e.getValue().value());
            } else {
                state.putOwned(e.getKey(), e.getValue().value(), e.getValue().owner());
            }
        }
        writes.clear();
    }
}
