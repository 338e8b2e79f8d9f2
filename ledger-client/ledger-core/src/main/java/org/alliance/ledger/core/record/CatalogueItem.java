package org.alliance.ledger.core.record;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A service item of an agreement's catalogue.
 *
 * @param code the item code, for example {@code SOCIAL-INS-TRANSFER}
 * @param title the item's title, for people
 * @param homeRule which region decides, in words (for example "where the insured was last
 *     insured")
 * @param timeLimitDays the time limit in working days, 1 to 365
 * @param materials the required materials, by title; records name them by their
 *     {@linkplain #materialCodes() codes}
 */
public record CatalogueItem(String code, String title, String homeRule, int timeLimitDays,
        List<String> materials) {
    /** The longest time limit an item may have. */
    public static final int MAX_TIME_LIMIT_DAYS = 365;
    /** The longest material code; longer titles are cut. */
    private static final int MAX_CODE_LENGTH = 64;

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

    /**
     * The codes by which records label this item's materials, one per title, in order. A code is
     * the title's ASCII letters and digits in lower case, every other run of characters turned
     * into one {@code -}, cut to 64 characters: "transfer application" is
     * {@code transfer-application}, "ID" is {@code id}. A title without ASCII letters or digits
     * (a title in Chinese, say) is {@code material-N}, its 1-based position. A material label on
     * the ledger must be one of these, so it is always something the agreement's signatories
     * wrote, never what a clerk typed or a file happened to be called.
     *
     * @return the codes
     */
    public List<String> materialCodes() {
        List<String> out = new ArrayList<>(materials.size());
        for (int i = 0; i < materials.size(); i++) {
            String slug = Normalizer.normalize(materials.get(i), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
            if (slug.length() > MAX_CODE_LENGTH) {
                slug = slug.substring(0, MAX_CODE_LENGTH).replaceAll("-+$", "");
            }
            out.add(slug.isEmpty() ? "material-" + (i + 1) : slug);
        }
        return List.copyOf(out);
    }
}
