package org.alliance.ledger.core.subject;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * GB 11643-1999 citizen ID numbers: 6-digit region code, 8-digit birth date, 3-digit sequence
 * and an ISO 7064 MOD 11-2 check character; and the 15-digit numbers issued before 1999.
 *
 * <p>Validation is deterministic (it never consults the clock), because the ledger's rules must
 * decide the same on every peer. Birth dates are accepted from 1900 to 2099; callers that need
 * "not in the future" compare {@link #birthDate(String)} with their own clock.
 */
public final class IdNumbers {
    /** Weights of ISO 7064 MOD 11-2 for the 17 leading digits: 2^(17-i) mod 11. */
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    /** Province-level codes of GB/T 2260, the first two digits of every region code. */
    private static final Set<String> PROVINCES = Set.of(
            "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
            "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
            "65", "71", "81", "82");
    private static final int MIN_YEAR = 1900;
    private static final int MAX_YEAR = 2099;

    private IdNumbers() {
    }

    /**
     * Computes the check character of the first 17 digits.
     *
     * @param first17 exactly 17 decimal digits
     * @return {@code 0}-{@code 9} or {@code X}
     * @throws IllegalArgumentException if the input is not 17 digits
     */
    public static char checkCharacter(CharSequence first17) {
        if (first17.length() != 17) {
            throw new IllegalArgumentException("need exactly 17 digits, got " + first17.length());
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = first17.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("non-digit at position " + i);
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /**
     * Whether the text is a plausible 18-character ID number: 17 digits and a valid check
     * character, a known province code and a real birth date.
     *
     * @param id the candidate; a lowercase {@code x} is accepted
     * @return true if valid
     */
    public static boolean isValid(CharSequence id) {
        if (id == null || id.length() != 18) {
            return false;
        }
        for (int i = 0; i < 17; i++) {
            if (!isDigit(id.charAt(i))) {
                return false;
            }
        }
        char last = Character.toUpperCase(id.charAt(17));
        if (!isDigit(last) && last != 'X') {
            return false;
        }
        String s = id.toString();
        return PROVINCES.contains(s.substring(0, 2))
                && date(s.substring(6, 10), s.substring(10, 12), s.substring(12, 14)).isPresent()
                && checkCharacter(s.substring(0, 17)) == last;
    }

    /**
     * Whether the text is a plausible 15-digit ID number of the pre-1999 format (region code,
     * two-digit year of the 1900s, month, day, sequence; no check character).
     *
     * @param id the candidate
     * @return true if valid
     */
    public static boolean isValidLegacy(CharSequence id) {
        if (id == null || id.length() != 15) {
            return false;
        }
        for (int i = 0; i < 15; i++) {
            if (!isDigit(id.charAt(i))) {
                return false;
            }
        }
        String s = id.toString();
        return PROVINCES.contains(s.substring(0, 2))
                && date("19" + s.substring(6, 8), s.substring(8, 10), s.substring(10, 12)).isPresent();
    }

    /**
     * Trims and upper-cases an ID number and checks it, giving the form that
     * {@link SubjectReference} hashes.
     *
     * @param raw the ID number as typed or read from a card
     * @return the normalised ID number
     * @throws IllegalArgumentException if it is not a valid 18-character ID number
     */
    public static String normalise(String raw) {
        String s = raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT);
        if (!isValid(s)) {
            throw new IllegalArgumentException("not a valid GB 11643 ID number");
        }
        return s;
    }

    /**
     * The birth date encoded in a valid 18-character ID number.
     *
     * @param id a valid ID number
     * @return the birth date
     * @throws IllegalArgumentException if the ID number is invalid
     */
    public static LocalDate birthDate(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("not a valid GB 11643 ID number");
        }
        return date(id.substring(6, 10), id.substring(10, 12), id.substring(12, 14)).orElseThrow();
    }

    private static Optional<LocalDate> date(String year, String month, String day) {
        int y = Integer.parseInt(year);
        if (y < MIN_YEAR || y > MAX_YEAR) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.of(y, Integer.parseInt(month), Integer.parseInt(day)));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
