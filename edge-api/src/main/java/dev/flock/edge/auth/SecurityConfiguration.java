package dev.flock.edge.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flock.edge.web.ApiProblem;
import dev.flock.edge.web.ProblemResponses;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Which routes need a bearer token and which scope. Stateless: no sessions, no CSRF (no cookie authenticates; the one
 * cookie, {@link DeviceCookies}, only sorts login attempts for the limits and is SameSite=Strict). A missing or bad
 * token is a 401, a token without the needed scope a 403, both as problem+json.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SecurityProperties.class, AdminProperties.class})
class SecurityConfiguration {

    static final String USER = "SCOPE_" + Tokens.USER_SCOPE;
    static final String ADMIN = "SCOPE_" + Tokens.ADMIN_SCOPE;

    @Bean
    SecurityFilterChain api(HttpSecurity http, ObjectMapper mapper) throws Exception {
        AuthenticationEntryPoint unauthorized = problemEntryPoint(mapper);
        AccessDeniedHandler forbidden = (request, response, denied) -> ProblemResponses.write(
                response,
                mapper,
                ApiProblem.of(
                        HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "This token does not allow this operation."));
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(routes -> routes.requestMatchers("/api/v1/admin/**")
                        .hasAuthority(ADMIN)
                        .requestMatchers("/api/v1/accounts/me", "/api/v1/accounts/me/**")
                        .hasAuthority(USER)
                        .requestMatchers(HttpMethod.POST, "/api/v1/posts")
                        .hasAuthority(USER)
                        .requestMatchers(HttpMethod.DELETE, "/api/v1/posts/*")
                        .hasAuthority(USER)
                        .requestMatchers("/api/v1/timelines/**")
                        .hasAuthority(USER)
                        .anyRequest()
                        .permitAll())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> {})
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                // The dead-letter console runs its own script and style only: a dead letter's payload, shown there,
                // can never run as a script even if some day it reached the page as markup.
                .headers(
                        headers -> headers.addHeaderWriter(
                                new DelegatingRequestMatcherHeaderWriter(
                                        PathPatternRequestMatcher.withDefaults().matcher("/admin/console/**"),
                                        new StaticHeadersWriter(
                                                "Content-Security-Policy",
                                                "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
                                                        + " img-src 'self' data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"))));
        return http.build();
    }

    @Bean
    JwtDecoder jwtDecoder(SecurityProperties properties, AdminProperties admin) {
        NimbusJwtDecoder decoder = TokenKeys.decoder(properties);
        decoder.setJwtValidator(TokenValidation.validator(new AdminCredential(admin, properties)));
        return decoder;
    }

    @Bean
    JwtEncoder jwtEncoder(SecurityProperties properties) {
        return TokenKeys.encoder(properties);
    }

    /** Keeps the standard {@code WWW-Authenticate} header and adds a problem body. */
    private static AuthenticationEntryPoint problemEntryPoint(ObjectMapper mapper) {
        BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
        return (request, response, exception) -> {
            bearer.commence(request, response, exception);
            ProblemResponses.write(
                    response,
                    mapper,
                    ApiProblem.of(
                            HttpStatus.UNAUTHORIZED,
                            "unauthorized",
                            "Unauthorized",
                            "A valid bearer token is required."));
        };
    }
}
