package org.alliance.ledger.service.i18n;

import java.util.Locale;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.context.NoSuchMessageException;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * The {@code messages} bundle ({@code messages.properties} in Chinese, the default, and
 * {@code messages_en.properties}), shared by Spring (as the {@code messageSource} bean) and by the
 * code that writes problems where no Spring bean is at hand (a servlet filter, the security chain).
 */
public final class Messages {
    private static final ResourceBundleMessageSource SOURCE = new ResourceBundleMessageSource();

    static {
        SOURCE.setBasename("messages");
        SOURCE.setDefaultEncoding("UTF-8");
        // An unknown language gets the default file (Chinese), never the JVM's own locale.
        SOURCE.setFallbackToSystemLocale(false);
        SOURCE.setDefaultLocale(Languages.CHINESE);
    }

    private Messages() {
    }

    /**
     * The bundle.
     *
     * @return the message source
     */
    public static MessageSource source() {
        return SOURCE;
    }

    /**
     * A message in a language, if the bundle has it.
     *
     * @param key the key
     * @param locale the language (mapped to a supported one)
     * @param args the message's arguments
     * @return the text, or empty if no file of the bundle has the key
     */
    public static Optional<String> find(String key, Locale locale, Object... args) {
        try {
            return Optional.of(SOURCE.getMessage(key, args, Languages.of(locale)));
        } catch (NoSuchMessageException e) {
            return Optional.empty();
        }
    }
}
