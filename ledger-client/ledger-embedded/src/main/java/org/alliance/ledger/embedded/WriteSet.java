package org.alliance.ledger.embedded;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The writes of one transaction, sorted by key. Its canonical form is hashed into the block
 * header, so replaying the block on open must reproduce exactly the same writes.
 *
 * @param writes the writes, in key order, one per key
 */
record WriteSet(List<Write> writes) {
    /** Copies the list so the write set is immutable. */
    WriteSet {
        writes = List.copyOf(writes);
    }

    /**
     * Whether the transaction wrote nothing.
     *
     * @return true if there are no writes
     */
    boolean isEmpty() {
        return writes.isEmpty();
    }

    /**
     * One write.
     *
     * @param key the key
     * @param value the value
     * @param owner the MSP id of the org that owns the key, or empty for an unowned key
     */
    record Write(String key, byte[] value, String owner) {
        /** Checks the parts and copies the value. */
        Write {
            Objects.requireNonNull(key, "key");
            value = Objects.requireNonNull(value, "value").clone();
            owner = owner == null ? "" : owner;
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Write w && key.equals(w.key) && Arrays.equals(value, w.value) && owner.equals(w.owner);
        }

        @Override
        public int hashCode() {
            return Objects.hash(key, Arrays.hashCode(value), owner);
        }

        @Override
        public String toString() {
            return "Write[" + key.replace('\u0000', '/') + ", " + value.length + " bytes, owner=" + owner + "]";
        }
    }
}
