package org.alliance.ledger.service.site;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.alliance.ledger.core.record.PersonalDataScanner;
import org.alliance.ledger.service.i18n.Languages;
import org.alliance.ledger.service.problem.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The site's windows and certificate types, checked once at start: a code that records could not
 * carry, a code given twice or a name missing stops the service, naming the entry, rather than
 * surfacing later as a refusal at the window.
 */
@Service
public class Site {
    private final SiteProperties properties;

    /**
     * Checks the settings.
     *
     * @param properties the settings
     * @throws IllegalStateException naming the first entry that is wrong
     */
    public Site(SiteProperties properties) {
        this.properties = properties;
        check("alliance.site.windows", properties.windows());
        check("alliance.site.certificate-types", properties.certificateTypes());
    }

    private static void check(String property, List<? extends SiteProperties.Named> entries) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            SiteProperties.Named entry = entries.get(i);
            String c = entry.code();
            if (c == null || !SiteProperties.CODE.matcher(c).matches()) {
                throw new IllegalStateException(property + "[" + i + "].code must be 1 to 32 capital letters, digits "
                        + "or hyphens, not " + c);
            }
            // A code goes on the ledger with every record that names it.
            List<PersonalDataScanner.Finding> personal = PersonalDataScanner.scan(TextNode.valueOf(c));
            if (!personal.isEmpty()) {
                throw new IllegalStateException(property + "[" + i + "].code holds personal data ("
                        + personal.getFirst().kind() + "); records carry it");
            }
            if (!seen.add(c)) {
                throw new IllegalStateException(property + "[" + i + "].code " + c + " is given twice");
            }
            if (entry.name() == null || entry.name().isBlank() || entry.nameEn() == null || entry.nameEn().isBlank()) {
                throw new IllegalStateException(property + "[" + i + "] (" + c + ") needs both name and name-en");
            }
        }
    }

    /**
     * Checks that the site has a window, before a record names it.
     *
     * @param code the window's code
     * @return the code
     * @throws ApiException 422 {@code UNKNOWN_WINDOW} if the site has no such window
     */
    public String window(String code) {
        if (properties.windows().stream().noneMatch(w -> w.code().equals(code))) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "UNKNOWN_WINDOW",
                    "this site has no window " + code + "; its windows are " + codes(properties.windows()),
                    Map.of("field", "window"));
        }
        return code;
    }

    /**
     * Checks that this region issues a certificate type, before a certificate id is made of it.
     *
     * @param code the type's code
     * @return the code
     * @throws ApiException 422 {@code UNKNOWN_CERTIFICATE_TYPE} if the region issues no such type
     */
    public String certificateType(String code) {
        if (properties.certificateTypes().stream().noneMatch(t -> t.code().equals(code))) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "UNKNOWN_CERTIFICATE_TYPE",
                    "this region issues no certificate type " + code + "; it issues "
                            + codes(properties.certificateTypes()), Map.of("field", "typeCode"));
        }
        return code;
    }

    private static String codes(List<? extends SiteProperties.Named> entries) {
        return entries.isEmpty() ? "none"
                : String.join(", ", entries.stream().map(SiteProperties.Named::code).toList());
    }

    /**
     * The windows' names in a language, by code, in the order configured.
     *
     * @param locale the language; any but English is Chinese
     * @return the names
     */
    public Map<String, String> windows(Locale locale) {
        return names(properties.windows(), locale);
    }

    /**
     * The certificate types' names in a language, by code, in the order configured.
     *
     * @param locale the language; any but English is Chinese
     * @return the names
     */
    public Map<String, String> certificateTypes(Locale locale) {
        return names(properties.certificateTypes(), locale);
    }

    private static Map<String, String> names(List<? extends SiteProperties.Named> entries, Locale locale) {
        boolean english = Languages.ENGLISH.equals(Languages.of(locale));
        Map<String, String> out = new LinkedHashMap<>();
        entries.forEach(e -> out.put(e.code(), english ? e.nameEn() : e.name()));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Which certificate type each item's result is, by item code, where a type names the item.
     *
     * @return the type codes by item code
     */
    public Map<String, String> itemCertificateTypes() {
        Map<String, String> out = new LinkedHashMap<>();
        properties.certificateTypes().forEach(t -> t.items().forEach(item -> out.putIfAbsent(item, t.code())));
        return Collections.unmodifiableMap(out);
    }
}
