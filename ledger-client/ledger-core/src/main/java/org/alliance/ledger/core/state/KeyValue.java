package org.alliance.ledger.core.state;

import java.util.Objects;

/**
 * One entry of the world state.
 *
 * @param key the key
 * @param value the value
 */
public record KeyValue(String key, byte[] value) {
    /** Checks that both parts are present. */
    public KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
