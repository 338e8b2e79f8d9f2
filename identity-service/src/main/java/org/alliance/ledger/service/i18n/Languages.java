package org.alliance.ledger.service.i18n;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.LocaleResolver;

/**
 * The languages the service speaks, and the {@link LocaleResolver} that picks one per request: the
 * {@code lang} query parameter if it names one, else the first supported language of
 * {@code Accept-Language}, else zh-CN. A language the service does not speak is never answered
 * in English by accident: it falls back to zh-CN, as the pages do.
 */
public final class Languages implements LocaleResolver {
    /** Chinese, the default. */
    public static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;
    /** English, the second language. */
    public static final Locale ENGLISH = Locale.ENGLISH;
    /** The query parameter that chooses a language, as the pages' language switch sets it. */
    public static final String PARAMETER = "lang";

    /**
     * The supported language a requested one maps to: any English is English, anything else
     * (any Chinese, an unknown tag, none) is Chinese.
     *
     * @param requested the requested locale, or null
     * @return {@link #CHINESE} or {@link #ENGLISH}
     */
    public static Locale of(Locale requested) {
        return requested != null && ENGLISH.getLanguage().equals(requested.getLanguage()) ? ENGLISH : CHINESE;
    }

    /**
     * The language of the request being served, resolved as {@link #resolveLocale} does, also
     * where Spring MVC has not run (a servlet filter, the security chain): there the servlet's own
     * locale would be the JVM's for a request without {@code Accept-Language}.
     *
     * @return {@link #CHINESE} or {@link #ENGLISH}
     */
    public static Locale current() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return new Languages().resolveLocale(attributes.getRequest());
        }
        return of(LocaleContextHolder.getLocale());
    }

    /**
     * Whether a locale is one the service speaks as such (not by falling back).
     *
     * @param locale the locale
     * @return true for Chinese or English
     */
    static boolean speaks(Locale locale) {
        return locale != null && (ENGLISH.getLanguage().equals(locale.getLanguage())
                || CHINESE.getLanguage().equals(locale.getLanguage()));
    }

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        String lang = request.getParameter(PARAMETER);
        if (lang != null && !lang.isBlank()) {
            return of(Locale.forLanguageTag(lang.strip()));
        }
        if (request.getHeader("Accept-Language") != null) {
            List<Locale> accepted = Collections.list(request.getLocales());
            for (Locale l : accepted) {
                if (speaks(l)) {
                    return of(l);
                }
            }
        }
        return CHINESE;
    }

    @Override
    public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        throw new UnsupportedOperationException("the language is chosen per request, by lang or Accept-Language");
    }
}
