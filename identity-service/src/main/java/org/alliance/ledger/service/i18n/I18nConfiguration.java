package org.alliance.ledger.service.i18n;

import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.LocaleResolver;

/** Registers the bundle and the per-request language with Spring MVC. */
@Configuration(proxyBeanMethods = false)
public class I18nConfiguration {
    /**
     * The bundle, under the name Spring looks it up by.
     *
     * @return {@link Messages#source()}
     */
    @Bean(name = "messageSource")
    public MessageSource messageSource() {
        return Messages.source();
    }

    /**
     * The language of each request.
     *
     * @return a {@link Languages} resolver
     */
    @Bean(name = DispatcherServlet.LOCALE_RESOLVER_BEAN_NAME)
    public LocaleResolver localeResolver() {
        return new Languages();
    }
}
