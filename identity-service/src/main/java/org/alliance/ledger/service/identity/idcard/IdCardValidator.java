package org.alliance.ledger.service.identity.idcard;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.alliance.ledger.core.subject.IdNumbers;
import org.alliance.ledger.service.identity.idcard.IdCardRejectedException.Reason;

/**
 * Checks the ID card fields of an identity check: the GB 11643 number (format, check character,
 * province, birth date not in the future), the name, and that the card is valid today in the
 * alliance time zone. Error messages never repeat the number or the name.
 */
public final class IdCardValidator {
    /** The text a long-term card carries as its end date. */
    public static final String LONG_TERM = "长期";
    /** Dates on cards are days in China: "today" is judged in this zone, whatever the server's. */
    public static final ZoneId ALLIANCE_ZONE = ZoneId.of("Asia/Shanghai");

    private final Clock clock;
    private final NameNormaliser names;

    /**
     * Creates a validator.
     *
     * @param clock the clock that says what today is
     * @param names the name normaliser
     */
    public IdCardValidator(Clock clock, NameNormaliser names) {
        this.clock = clock;
        this.names = names;
    }

    /**
     * Validates the fields.
     *
     * @param idNumber the ID number as entered (a lower-case x is accepted)
     * @param name the name as entered
     * @param validFrom the first day of validity, ISO {@code yyyy-MM-dd}
     * @param validTo the last day of validity, ISO, or {@value #LONG_TERM} (or {@code LONG-TERM})
     * @return the normalised card
     * @throws IdCardRejectedException the first problem found
     */
    public IdCard validate(String idNumber, String name, String validFrom, String validTo)
            throws IdCardRejectedException {
        LocalDate today = LocalDate.now(clock.withZone(ALLIANCE_ZONE));
        String id = checkIdNumber(idNumber, today);
        String normalisedName = names.normalise(name);
        LocalDate from = date("cardValidFrom", validFrom);
        String to = validTo == null ? "" : validTo.strip();
        LocalDate until = LONG_TERM.equals(to) || "LONG-TERM".equalsIgnoreCase(to) ? null : date("cardValidTo", to);
        if (until != null && until.isBefore(from)) {
            throw new IdCardRejectedException(Reason.BAD_VALIDITY_PERIOD, "cardValidTo",
                    "the card's validity ends before it starts");
        }
        if (today.isBefore(from)) {
            throw new IdCardRejectedException(Reason.CARD_NOT_YET_VALID, "cardValidFrom", "the card is not valid yet");
        }
        if (until != null && today.isAfter(until)) {
            throw new IdCardRejectedException(Reason.CARD_EXPIRED, "cardValidTo", "the card expired on " + until);
        }
        return new IdCard(id, normalisedName, from, until);
    }

    /**
     * Checks an ID number alone, as a window clerk types it from the card the applicant shows.
     *
     * @param idNumber the number as typed
     * @return the number, normalised (upper-case check character, no spaces around it)
     * @throws IdCardRejectedException naming the field {@code idNumber} and what is wrong
     */
    public String idNumber(String idNumber) throws IdCardRejectedException {
        return checkIdNumber(idNumber, LocalDate.now(clock.withZone(ALLIANCE_ZONE)));
    }

    private static String checkIdNumber(String raw, LocalDate today) throws IdCardRejectedException {
        String s = raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT);
        if (!s.matches("[0-9]{17}[0-9X]")) {
            throw new IdCardRejectedException(Reason.BAD_ID_FORMAT, "idNumber",
                    "an ID number is 17 digits and a check character (digit or X)");
        }
        if (Provinces.name(s.substring(0, 2)).isEmpty()) {
            throw new IdCardRejectedException(Reason.UNKNOWN_REGION, "idNumber",
                    "the ID number's province code is not in GB/T 2260");
        }
        if (IdNumbers.checkCharacter(s.substring(0, 17)) != s.charAt(17)) {
            throw new IdCardRejectedException(Reason.BAD_CHECK_DIGIT, "idNumber",
                    "the ID number's check character does not match (GB 11643, ISO 7064 MOD 11-2)");
        }
        if (!IdNumbers.isValid(s) || IdNumbers.birthDate(s).isAfter(today)) {
            throw new IdCardRejectedException(Reason.BAD_BIRTH_DATE, "idNumber",
                    "the ID number's birth date does not exist or lies in the future");
        }
        return s;
    }

    private static LocalDate date(String field, String value) throws IdCardRejectedException {
        try {
            return LocalDate.parse(value == null ? "" : value.strip());
        } catch (DateTimeParseException e) {
            throw new IdCardRejectedException(Reason.BAD_DATE, field, field + " is not an ISO date (yyyy-MM-dd)");
        }
    }
}
