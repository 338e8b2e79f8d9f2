package org.alliance.ledger.core.state;

import java.util.Comparator;

/**
 * Orders keys by Unicode code point, which is the same as ordering their UTF-8 bytes. Fabric's
 * state database orders keys by their UTF-8 bytes; Java's {@link String#compareTo} orders UTF-16
 * code units, which disagrees for characters above U+FFFF, so range queries would return a
 * different order than on Fabric without this comparator.
 */
public final class KeyOrder implements Comparator<String> {
    /** The single instance. */
    public static final KeyOrder INSTANCE = new KeyOrder();

    private KeyOrder() {
    }

    /**
     * Compares two keys by code point.
     *
     * @param a one key
     * @param b the other key
     * @return negative, zero or positive as {@code a} sorts before, with or after {@code b}
     */
    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
