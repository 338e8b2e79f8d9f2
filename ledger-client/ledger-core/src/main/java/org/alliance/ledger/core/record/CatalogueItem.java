package org.alliance.ledger.core.record;

import java.util.List;

/**
 * A service item of an agreement's catalogue.
 *
 * @param code the item code, for example {@code SOCIAL-INS-TRANSFER}
 * @param title the item's title, for people
 * @param homeRule which region decides, in words (for example "where the insured was last
 *     insured")
 * @param timeLimitDays the time limit in working days, 1 to 365
 * @param materials the required materials, by title
 */
public record CatalogueItem(String code, String title, String homeRule, int timeLimitDays,
        List<String> materials) {
    /** The longest time limit an item may have. */
    public static final int MAX_TIME_LIMIT_DAYS = 365;

    /** Checks formats and the time-limit range. */
    public CatalogueItem {
        Fields.matching("code", code, Fields.CODE);
        Fields.text("title", title);
        Fields.text("homeRule", homeRule);
        if (timeLimitDays < 1 || timeLimitDays > MAX_TIME_LIMIT_DAYS) {
            throw Fields.malformed("timeLimitDays must be between 1 and " + MAX_TIME_LIMIT_DAYS);
        }
        materials = Fields.list("materials", materials, 0);
        materials.forEach(m -> Fields.text("materials[]", m));
    }
}
