package org.alliance.ledger.service.names;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.alliance.ledger.core.record.CatalogueItem;
import org.alliance.ledger.core.record.Member;
import org.alliance.ledger.core.record.MemberRole;
import org.alliance.ledger.core.rules.AgreementVersionView;
import org.alliance.ledger.service.i18n.Languages;
import org.alliance.ledger.service.projection.SubjectViews;
import org.alliance.ledger.service.site.Site;
import org.springframework.stereotype.Service;

/**
 * The display names of the agreements in force: in English as the agreement states them (a
 * member's {@code regionName}, an item's {@code title} and material titles), in Chinese from the
 * catalogue {@code display-names.properties}: a member by its GB/T 2260 region code (the longest
 * prefix the catalogue knows: {@code 350203} is found under {@code 3502} if need be; an auditor
 * as its region's oversight office), an item and its home-region rule by the item's code, a
 * material by item and material code. Whatever the catalogue lacks keeps the agreement's own
 * words. With them, which items each agreement in force offers, so a clerk can pick one, and this
 * site's windows and certificate types by name.
 */
@Service
public class DisplayNames {
    private static final String CATALOGUE = "display-names.properties";

    private final SubjectViews subjects;
    private final Site site;
    private final Properties chinese;

    /**
     * Creates the names, reading the catalogue.
     *
     * @param subjects the agreements as the read model has them
     * @param site this site's windows and certificate types
     */
    public DisplayNames(SubjectViews subjects, Site site) {
        this.subjects = subjects;
        this.site = site;
        this.chinese = load();
    }

    /**
     * The names of every agreement in force, in a language (later agreements do not rename what
     * an earlier one, by id order, named).
     *
     * @param locale the language; any but English is Chinese
     * @return the names
     */
    public Names names(Locale locale) {
        boolean english = Languages.ENGLISH.equals(Languages.of(locale));
        Map<String, String> orgs = new LinkedHashMap<>();
        Map<String, String> items = new LinkedHashMap<>();
        Map<String, Map<String, String>> materials = new LinkedHashMap<>();
        Map<String, String> homeRules = new LinkedHashMap<>();
        Map<String, List<String>> agreements = new LinkedHashMap<>();
        subjects.agreements().forEach(a -> a.active().map(AgreementVersionView::terms).ifPresent(terms -> {
            agreements.put(a.agreementId(), terms.items().stream().map(CatalogueItem::code).toList());
            for (Member m : terms.members()) {
                orgs.putIfAbsent(m.mspId(), english ? m.regionName() : chineseName(m));
            }
            for (CatalogueItem item : terms.items()) {
                items.putIfAbsent(item.code(), english ? item.title() : chinese.getProperty("item." + item.code(),
                        item.title()));
                materials.putIfAbsent(item.code(), materials(item, english));
                homeRules.putIfAbsent(item.code(), english ? item.homeRule()
                        : chinese.getProperty("homeRule." + item.code(), item.homeRule()));
            }
        }));
        return new Names(Languages.of(locale).toLanguageTag(), orgs, items, materials, homeRules, agreements,
                site.windows(locale), site.certificateTypes(locale), site.itemCertificateTypes());
    }

    private Map<String, String> materials(CatalogueItem item, boolean english) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> codes = item.materialCodes();
        for (int i = 0; i < codes.size(); i++) {
            String title = item.materials().get(i);
            out.put(codes.get(i), english ? title
                    : chinese.getProperty("material." + item.code() + "." + codes.get(i), title));
        }
        return out;
    }

    private String chineseName(Member m) {
        String region = null;
        for (int n = m.regionCode().length(); n >= 2 && region == null; n -= 2) {
            region = chinese.getProperty("region." + m.regionCode().substring(0, n));
        }
        if (region == null) {
            return m.regionName();
        }
        String pattern = chinese.getProperty("role." + m.role().name());
        return pattern == null || m.role() == MemberRole.REGION ? region : MessageFormat.format(pattern, region);
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = DisplayNames.class.getClassLoader().getResourceAsStream(CATALOGUE)) {
            if (in == null) {
                throw new IllegalStateException(CATALOGUE + " is not on the classpath");
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /**
     * The display names in one language.
     *
     * @param lang the language's tag, {@code zh-CN} or {@code en}
     * @param orgs each member org's name, by MSP id
     * @param items each catalogue item's title, by item code
     * @param materials each item's material titles, by item code and material code
     * @param homeRules each item's home-region rule (which region decides), by item code
     * @param agreements the item codes of each agreement in force, by agreement id
     * @param windows this site's windows where results are handed over, by window code
     * @param certificateTypes the certificate types this region issues, by type code
     * @param itemCertificateTypes the certificate type of an item's result, by item code, where
     *     the site says
     */
    public record Names(String lang, Map<String, String> orgs, Map<String, String> items,
            Map<String, Map<String, String>> materials, Map<String, String> homeRules,
            Map<String, List<String>> agreements, Map<String, String> windows, Map<String, String> certificateTypes,
            Map<String, String> itemCertificateTypes) {
        /** Copies the maps, keeping their order. */
        public Names {
            orgs = Collections.unmodifiableMap(new LinkedHashMap<>(orgs));
            items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
            materials = Collections.unmodifiableMap(new LinkedHashMap<>(materials));
            homeRules = Collections.unmodifiableMap(new LinkedHashMap<>(homeRules));
            agreements = Collections.unmodifiableMap(new LinkedHashMap<>(agreements));
            windows = Collections.unmodifiableMap(new LinkedHashMap<>(windows));
            certificateTypes = Collections.unmodifiableMap(new LinkedHashMap<>(certificateTypes));
            itemCertificateTypes = Collections.unmodifiableMap(new LinkedHashMap<>(itemCertificateTypes));
        }
    }
}
