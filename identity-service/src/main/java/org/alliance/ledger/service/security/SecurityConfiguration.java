package org.alliance.ledger.service.security;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Who may call what. Two filter chains:
 *
 * <ul>
 *   <li>{@code /api/**}: stateless, no session and therefore no CSRF exposure (a browser's cookies
 *       never authenticate an API call). Role rules per endpoint are listed in {@link #api}, once
 *       for both ways of signing in; a case's steps take their roles from {@link CaseAction}'s
 *       table; the public kiosk ({@code /api/identity/**}) and the public
 *       certificate verification stay open.
 *   <li>everything else: the kiosk and verification pages, the staff page shells and static assets
 *       are public; {@code /actuator/**} beyond health and metrics is for the admin.
 * </ul>
 *
 * <p>How people sign in is {@code alliance.security.mode} ({@link SecurityProperties.Mode}):
 *
 * <ul>
 *   <li>{@code users} (the default): the people of {@link SecurityProperties} through a
 *       {@link UserDetailsService}, HTTP Basic on the API, form login on the other pages.
 *   <li>{@code jwt}: an external identity provider (Keycloak, any OIDC provider). Both chains are
 *       OAuth2 resource servers taking the provider's signed JWT as a bearer token; HTTP Basic,
 *       form login and the configured users are off. Spring Boot builds the {@link JwtDecoder}
 *       from {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} (discovery, and the
 *       token's {@code iss} must match) or {@code .jwk-set-uri}; it checks the signature against the
 *       provider's published keys and the expiry, and {@link #audienceValidator} adds
 *       {@code alliance.security.jwt.audience}. {@link JwtActorConverter} maps the roles claim to
 *       the same {@code ROLE_CLERK}, {@code ROLE_APPROVER} … authorities the users get and takes the
 *       name recorded for attribution, so {@link Actor} and the rules do not know which mode runs.
 *       A refused token is 401 {@code UNAUTHENTICATED} like a missing one.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);
    /** Who lists cases: the desks (every role that owns a step) and the auditor. */
    private static final Set<Role> CASE_READERS = with(CaseAction.roles(), Role.AUDITOR);
    /** Who reads a case: those who list them and the alliance admin. */
    private static final Set<Role> CASE_VIEWERS = with(CASE_READERS, Role.ADMIN);

    /**
     * The API's rules.
     *
     * @param http the builder
     * @param properties the sign-in mode and, for {@code jwt}, the claims read
     * @param decoders the identity provider's token decoder, present when {@code jwt} mode is
     *     configured with an issuer or key set
     * @return the chain
     * @throws Exception if the configuration is inconsistent
     */
    @Bean
    @Order(1)
    public SecurityFilterChain api(HttpSecurity http, SecurityProperties properties,
            ObjectProvider<JwtDecoder> decoders) throws Exception {
        ProblemSecurityHandlers problems = new ProblemSecurityHandlers(properties.mode());
        http.securityMatcher("/api/**")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        if (properties.mode() == SecurityProperties.Mode.JWT) {
            bearer(http, properties, decoders, problems);
        } else {
            http.httpBasic(b -> b.realmName("alliance").authenticationEntryPoint(problems));
        }
        http.exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(a -> {
                    a
                        // The kiosk is a public terminal: the person proves who they are there.
                        .requestMatchers("/api/identity/**").permitAll()
                        // Anyone may verify a certificate (stable public names).
                        .requestMatchers(HttpMethod.GET, "/api/certificates/*/status").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/certificates/verify").permitAll()
                        // So may anyone prove a certificate of the library; only an admin records its root.
                        .requestMatchers(HttpMethod.GET, "/api/library", "/api/library/proof").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/library/checkpoint").hasRole(Role.ADMIN.name())
                        // Certificate bundles are public; the controller asks for an auditor for any other record.
                        .requestMatchers(HttpMethod.GET, "/api/evidence/**").permitAll()
                        // The alliance log: anyone reads it and asks its witness (a request carries a
                        // member's signature); only an admin asks for a checkpoint now.
                        .requestMatchers(HttpMethod.GET, "/api/log", "/api/log/witness", "/api/log/refusals").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/log/witness").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/log/checkpoint").hasRole(Role.ADMIN.name())
                        // Display names of orgs and items: the public verification page shows them too.
                        .requestMatchers(HttpMethod.GET, "/api/names").permitAll()
                        // The instance's record-signing public key, for the agreement that registers it.
                        .requestMatchers(HttpMethod.GET, "/api/signing-key").permitAll()
                        // The trust bundle, for verifiers who hold no account here.
                        .requestMatchers(HttpMethod.GET, "/api/trust").permitAll()
                        // Auditors read; nobody writes through the audit API.
                        .requestMatchers(HttpMethod.GET, "/api/audit/**").hasRole(Role.AUDITOR.name())
                        .requestMatchers("/api/audit/**").denyAll();
                    // Each step of a case is for the role that owns it in the state machine's table.
                    for (CaseAction action : CaseAction.values()) {
                        a.requestMatchers(HttpMethod.POST, casePath(action)).hasRole(action.role().name());
                    }
                    a
                        // The case list is for the desks and the auditor, not the alliance admin.
                        .requestMatchers(HttpMethod.GET, "/api/cases").hasAnyRole(names(CASE_READERS))
                        .requestMatchers(HttpMethod.GET, "/api/cases/**").hasAnyRole(names(CASE_VIEWERS))
                        .requestMatchers(HttpMethod.POST, "/api/certificates", "/api/certificates/*/suspend",
                                "/api/certificates/*/reinstate", "/api/certificates/*/revoke").hasRole(Role.ISSUER.name())
                        .requestMatchers(HttpMethod.POST, "/api/agreements", "/api/agreements/**").hasRole(Role.ADMIN.name())
                        // Whoever reads cases reads the catalogue they are handled under.
                        .requestMatchers(HttpMethod.GET, "/api/agreements/**").hasAnyRole(names(CASE_VIEWERS))
                        .requestMatchers(HttpMethod.POST, "/api/recognitions").hasAnyRole(Role.APPROVER.name(),
                                Role.CLERK.name())
                        // Those who recognise follow their recognition to the ledger; auditors read under /api/audit.
                        .requestMatchers(HttpMethod.GET, "/api/recognitions/*").hasAnyRole(Role.APPROVER.name(),
                                Role.CLERK.name())
                        // Anything not listed is refused rather than silently opened.
                        .anyRequest().denyAll();
                });
        return http.build();
    }

    /**
     * Where a case action is taken: {@code POST /api/cases} receives, every other action is
     * {@code POST /api/cases/{id}/<its external name>}.
     *
     * @param action the action
     * @return the path pattern
     */
    static String casePath(CaseAction action) {
        return action == CaseAction.RECEIVE ? "/api/cases" : "/api/cases/*/" + action.externalName();
    }

    private static Set<Role> with(Set<Role> roles, Role more) {
        Set<Role> out = EnumSet.copyOf(roles);
        out.add(more);
        return Collections.unmodifiableSet(out);
    }

    private static String[] names(Set<Role> roles) {
        return roles.stream().map(Role::name).toArray(String[]::new);
    }

    /**
     * The internal ledger endpoint of a two-region development run: no user session; the endpoint
     * itself checks the shared secret and that the caller is on this machine.
     *
     * @param http the builder
     * @return the chain
     * @throws Exception if the configuration is inconsistent
     */
    @Bean
    @Order(0)
    public SecurityFilterChain internalLedger(HttpSecurity http) throws Exception {
        http.securityMatcher("/internal/ledger/**")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll());
        return http.build();
    }

    /**
     * Pages, static assets and operations endpoints.
     *
     * @param http the builder
     * @param properties the sign-in mode
     * @param decoders the identity provider's token decoder in {@code jwt} mode
     * @return the chain
     * @throws Exception if the configuration is inconsistent
     */
    @Bean
    @Order(2)
    public SecurityFilterChain pages(HttpSecurity http, SecurityProperties properties,
            ObjectProvider<JwtDecoder> decoders) throws Exception {
        http.authorizeHttpRequests(a -> a
                        // The staff pages are empty shells: everything they show comes from /api/**
                        // with the person's own credentials, so the shells themselves are public.
                        .requestMatchers("/", "/index.html", "/kiosk.html", "/verify.html", "/window.html",
                                "/approver.html", "/recognise.html", "/audit.html", "/certificate.html", "/*.js", "/*.css",
                                "/favicon.ico", "/error").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        // Health and counters carry no personal data; monitoring reads them without a user.
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/metrics", "/actuator/metrics/**").permitAll()
                        .requestMatchers("/actuator/**").hasRole(Role.ADMIN.name())
                        .anyRequest().authenticated());
        if (properties.mode() == SecurityProperties.Mode.JWT) {
            // No local users to log in with: the admin reaches /actuator/** with the provider's token.
            bearer(http, properties, decoders, new ProblemSecurityHandlers(properties.mode()));
        } else {
            http.formLogin(Customizer.withDefaults()).httpBasic(Customizer.withDefaults());
        }
        return http.build();
    }

    /**
     * Makes a chain an OAuth2 resource server on the identity provider's tokens.
     *
     * @throws IllegalStateException when no issuer or key set is configured, so the service does
     *     not start in a mode where nobody could ever sign in
     */
    private static void bearer(HttpSecurity http, SecurityProperties properties, ObjectProvider<JwtDecoder> decoders,
            ProblemSecurityHandlers problems) throws Exception {
        JwtDecoder decoder = decoders.getIfAvailable();
        if (decoder == null) {
            throw new IllegalStateException("alliance.security.mode=jwt needs the identity provider: set "
                    + "spring.security.oauth2.resourceserver.jwt.issuer-uri (or .jwk-set-uri)");
        }
        JwtActorConverter converter = new JwtActorConverter(properties.jwt());
        http.oauth2ResourceServer(o -> o.authenticationEntryPoint(problems).accessDeniedHandler(problems)
                .jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(converter)));
    }

    /**
     * The audience a token must name in {@code jwt} mode ({@code alliance.security.jwt.audience}),
     * so a token the provider issued for another application is refused here. Spring Boot adds
     * every such validator bean to the decoder it builds, next to the signature, expiry and issuer
     * checks.
     *
     * @param properties the configured audience
     * @return the check; one that passes every token when no audience is configured
     */
    @Bean
    @ConditionalOnProperty(name = "alliance.security.mode", havingValue = "jwt")
    public OAuth2TokenValidator<Jwt> audienceValidator(SecurityProperties properties) {
        String audience = properties.jwt().audience();
        LOG.info("the API takes the identity provider's bearer tokens (roles claim '{}', name claim '{}', audience {})",
                properties.jwt().rolesClaim(), properties.jwt().nameClaim(), audience == null ? "not checked" : audience);
        return audience == null ? jwt -> OAuth2TokenValidatorResult.success() : new JwtAudienceValidator(audience);
    }

    /**
     * The firewall's refusals as problem+json; Spring Security uses this bean for every chain.
     *
     * @param properties the sign-in mode
     * @return the handler
     */
    @Bean
    public RequestRejectedHandler requestRejectedHandler(SecurityProperties properties) {
        return new ProblemSecurityHandlers(properties.mode());
    }

    /**
     * Encodes with bcrypt and reads any {@code {id}}-prefixed encoding.
     *
     * @return the encoder
     */
    @Bean
    public PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * The configured users, every one acting for the service's org; only in {@code users} mode, so
     * in {@code jwt} mode no password (the development ones included) signs anybody in.
     *
     * @param properties the users
     * @param encoder encodes plain passwords at startup so none stays in memory in clear
     * @param environment to refuse the development users under the {@code prod} profile
     * @return the user store
     */
    @Bean
    @ConditionalOnProperty(name = "alliance.security.mode", havingValue = "users", matchIfMissing = true)
    public UserDetailsService userDetailsService(SecurityProperties properties, PasswordEncoder encoder,
            Environment environment) {
        if (properties.devDefaults() && environment.acceptsProfiles(Profiles.of("prod"))) {
            throw new IllegalStateException("the development users (alliance.security.dev-defaults=true) are refused "
                    + "under the prod profile: configure alliance.security.users and set alliance.security.dev-defaults=false");
        }
        List<UserDetails> users = new ArrayList<>();
        for (SecurityProperties.User u : properties.users()) {
            String password = u.password().startsWith("{") ? u.password() : encoder.encode(u.password());
            users.add(User.withUsername(u.name()).password(password)
                    .roles(u.roles().stream().map(Role::name).toArray(String[]::new)).build());
        }
        if (properties.devDefaults()) {
            LOG.warn("signing in with the development users ({}); never use them in production", users.size());
        }
        return new InMemoryUserDetailsManager(users);
    }
}
