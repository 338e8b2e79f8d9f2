package org.alliance.ledger.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Which sign-in the security configuration sets up for each mode, on the security beans alone: the
 * configured users only in {@code users} mode (the default), none in {@code jwt} mode, and {@code jwt}
 * mode without an identity provider refused at startup with the property to set, rather than a
 * service nobody can sign in to.
 */
class JwtModeStartupTest {
    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withUserConfiguration(Security.class, SecurityConfiguration.class)
            .withPropertyValues("alliance.security.users[0].name=clerk", "alliance.security.users[0].password=pw",
                    "alliance.security.users[0].roles=CLERK");

    @Test
    void usersModeIsTheDefaultAndSignsInTheConfiguredUsers() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(SecurityProperties.class).mode()).isEqualTo(SecurityProperties.Mode.USERS);
            assertThat(context.getBean(UserDetailsService.class).loadUserByUsername("clerk").getAuthorities())
                    .extracting(Object::toString).containsExactly("ROLE_CLERK");
        });
    }

    @Test
    void jwtModeHasNoLocalUsers() {
        runner.withUserConfiguration(Decoder.class).withPropertyValues("alliance.security.mode=jwt").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(UserDetailsService.class);
        });
    }

    @Test
    void jwtModeWithoutAnIdentityProviderDoesNotStart() {
        runner.withPropertyValues("alliance.security.mode=jwt").run(context -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("spring.security.oauth2.resourceserver.jwt.issuer-uri");
        });
    }

    /** The web security infrastructure and the properties, without the rest of the service. */
    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    @EnableConfigurationProperties(SecurityProperties.class)
    static class Security {
    }

    /** Stands for the decoder Spring Boot builds from the issuer; never asked to decode here. */
    @Configuration(proxyBeanMethods = false)
    static class Decoder {
        @Bean
        JwtDecoder jwtDecoder() {
            return NimbusJwtDecoder.withJwkSetUri("http://127.0.0.1:9/certs").build();
        }
    }
}
