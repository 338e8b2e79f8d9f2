package org.alliance.ledger.face;

/** Arithmetic on face embeddings. */
public final class FaceMath {
    private FaceMath() {
    }

    /**
     * Cosine similarity of two embeddings of equal length.
     *
     * @param a one embedding
     * @param b the other
     * @return the cosine, -1 to 1; 0 if either is all zeros
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("embedding lengths differ: " + a.length + " and " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        if (na == 0 || nb == 0) {
            return 0;
        }
        return Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)));
    }
}
