package org.alliance.ledger.service.site;

import java.util.List;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The site's own settings ({@code alliance.site.*}).
 *
 * @param windows the windows where this site hands over results
 * @param certificateTypes the certificate types this region issues
 */
@ConfigurationProperties("alliance.site")
public record SiteProperties(List<Window> windows, List<CertificateType> certificateTypes) {
    /** A window or type code: what records carry, so letters, digits and hyphens only. */
    static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]{0,31}");

    /** Copies the lists; a missing list is empty. */
    public SiteProperties {
        windows = windows == null ? List.of() : List.copyOf(windows);
        certificateTypes = certificateTypes == null ? List.of() : List.copyOf(certificateTypes);
    }

    /** An entry with a code that records carry and a name in each language. */
    public interface Named {
        /**
         * The code records carry.
         *
         * @return the code
         */
        String code();

        /**
         * The name in Chinese.
         *
         * @return the name
         */
        String name();

        /**
         * The name in English.
         *
         * @return the name
         */
        String nameEn();
    }

    /**
     * A window where results are handed over.
     *
     * @param code the code records carry, for example {@code ZZ-WINDOW-03}
     * @param name its name in Chinese
     * @param nameEn its name in English
     */
    public record Window(String code, String name, String nameEn) implements Named {
    }

    /**
     * A certificate type this region issues.
     *
     * @param code the type code, the first part of every certificate id of the type, for example
     *     {@code SIT01}
     * @param name its name in Chinese
     * @param nameEn its name in English
     * @param items the catalogue items whose result is a certificate of this type, so the page
     *     proposes it for their cases
     */
    public record CertificateType(String code, String name, String nameEn, List<String> items) implements Named {
        /** Copies the items; none when missing. */
        public CertificateType {
            items = items == null ? List.of() : List.copyOf(items);
        }
    }
}
