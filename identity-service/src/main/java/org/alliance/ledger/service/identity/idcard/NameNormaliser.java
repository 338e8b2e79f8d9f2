package org.alliance.ledger.service.identity.idcard;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * Normalises a name as printed on an ID card, so that the same name typed on different devices
 * compares equal: NFKC (full-width Latin and spaces become ASCII), trimmed, runs of white space
 * collapsed to one space, and every middle-dot variant used in transliterated minority and
 * foreign names (· • ‧ ・ ･ ⋅ ∙ and the Katakana middle dot) unified to U+00B7.
 */
public final class NameNormaliser {
    /** U+00B7, the middle dot GB 18030 names use between parts of a transliterated name. */
    public static final char MIDDLE_DOT = '\u00B7';
    private static final Pattern DOTS = Pattern.compile("\\s*[\\u00B7\\u2022\\u2027\\u30FB\\uFF65\\u22C5\\u2219]\\s*");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    /** Letters of any script, combining marks, the unified middle dot and single spaces. */
    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{M}\\u00B7 ]+");

    private final int maxLength;

    /**
     * Creates a normaliser.
     *
     * @param maxLength the longest name accepted, in code points after normalisation
     */
    public NameNormaliser(int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be positive");
        }
        this.maxLength = maxLength;
    }

    /**
     * Normalises and checks a name.
     *
     * @param raw the name as entered
     * @return the normalised name
     * @throws IdCardRejectedException BAD_NAME if it is empty, too long, or holds anything other
     *     than letters, marks, middle dots and spaces, or starts or ends with a dot
     */
    public String normalise(String raw) throws IdCardRejectedException {
        String s = Normalizer.normalize(raw == null ? "" : raw, Normalizer.Form.NFKC);
        s = DOTS.matcher(s).replaceAll(String.valueOf(MIDDLE_DOT));
        s = SPACES.matcher(s.strip()).replaceAll(" ");
        if (s.isEmpty()) {
            throw bad("name is empty");
        }
        if (s.codePointCount(0, s.length()) > maxLength) {
            throw bad("name is longer than " + maxLength + " characters");
        }
        if (!ALLOWED.matcher(s).matches() || s.charAt(0) == MIDDLE_DOT || s.charAt(s.length() - 1) == MIDDLE_DOT
                || s.indexOf("" + MIDDLE_DOT + MIDDLE_DOT) >= 0) {
            throw bad("name holds characters that no name has");
        }
        return s;
    }

    private static IdCardRejectedException bad(String message) {
        return new IdCardRejectedException(IdCardRejectedException.Reason.BAD_NAME, "name", message);
    }
}
