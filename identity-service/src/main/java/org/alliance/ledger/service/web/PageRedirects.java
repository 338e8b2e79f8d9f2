package org.alliance.ledger.service.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Old page addresses that live on: the certificate page became part of the one public
 * verification page, and links to it (printed, bookmarked, in other regions' pages) go there with
 * their query ({@code certificate.html?id=X} to {@code verify.html?id=X}).
 */
@Configuration(proxyBeanMethods = false)
class PageRedirects implements WebMvcConfigurer {
    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/certificate.html", "/verify.html").setKeepQueryParams(true);
    }
}
