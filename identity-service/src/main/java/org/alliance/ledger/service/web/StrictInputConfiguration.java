package org.alliance.ledger.service.web;

import jakarta.servlet.DispatcherType;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Strict input at the layers below Spring MVC: the {@link StrictRequestFilter} ahead of every other
 * filter (security included), and Tomcat's error report replaced by {@link ProblemReportValve}.
 */
@Configuration(proxyBeanMethods = false)
public class StrictInputConfiguration {
    /**
     * The query-string and charset check, first of all filters, on requests (not on error dispatches).
     *
     * @return the registration
     */
    @Bean
    public FilterRegistrationBean<StrictRequestFilter> strictRequestFilter() {
        FilterRegistrationBean<StrictRequestFilter> registration = new FilterRegistrationBean<>(new StrictRequestFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }

    /**
     * Puts the problem+json report valve on the host in place of Tomcat's, and of the one Spring
     * Boot adds. Runs after Spring Boot's own customizer, so its valve is already there to remove.
     *
     * @return the customizer
     */
    @Bean
    public WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve() {
        return new WebServerFactoryCustomizer<>() {
            @Override
            public void customize(TomcatServletWebServerFactory factory) {
                factory.addContextCustomizers(context -> {
                    if (context.getParent() instanceof StandardHost host) {
                        for (Valve valve : host.getPipeline().getValves()) {
                            if (valve instanceof ErrorReportValve) {
                                host.getPipeline().removeValve(valve);
                            }
                        }
                        host.getPipeline().addValve(new ProblemReportValve());
                        // The host adds a stock valve at start unless one of this class is present.
                        host.setErrorReportValveClass(ProblemReportValve.class.getName());
                    }
                });
            }
        };
    }
}
