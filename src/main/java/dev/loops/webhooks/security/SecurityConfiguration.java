package dev.loops.webhooks.security;

import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loops.webhooks.config.LoopsProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.boot.web.servlet.server.AbstractServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.session.SessionManagementFilter;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * Five doors:
 * <ul>
 *   <li>the admin API takes the admin token as a bearer token;</li>
 *   <li>actuator endpoints other than health, Hawtio's API and Jolokia take user {@code admin} with the admin
 *       token as password: HTTP basic for tools, Hawtio's login form (a session) in the browser; what the admin
 *       may do through Jolokia, and from which origin, is {@link JolokiaAccessPolicy}'s;</li>
 *   <li>webhooks are open here, because each request proves itself with the platform's signature;</li>
 *   <li>the admin API's OpenAPI document takes either the admin API's bearer token (tools) or the console's login
 *       (Swagger UI, a page of the console);</li>
 *   <li>everything else is the console's, closed by default: the login page and its assets are open, every other
 *       path needs the console's login (a form taking the admin token; a session cookie, CSRF tokens on every
 *       form, a Content-Security-Policy that runs no inline script).</li>
 * </ul>
 * Paths are matched as paths, not through Spring MVC: Jolokia is a servlet of its own, and an MVC matcher
 * would let its URLs fall through to the open door.
 */
@Configuration
public class SecurityConfiguration {

    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();
    private static final String HAWTIO_LOGIN = "/actuator/hawtio/auth/login";
    private static final String CONSOLE_LOGIN = "/console/login";
    static final String CONSOLE_LOGIN_FAILED = "/console/login/failed";
    /** springdoc.api-docs.path */
    private static final String API_DOCUMENT = "/v3/api-docs";

    @Bean
    @Order(1)
    SecurityFilterChain adminApi(HttpSecurity http, AdminToken adminToken, FailedLoginThrottle throttle,
                                 ObjectMapper json) throws Exception {
        return http.securityMatcher(PATHS.matcher("/api/**"))
                .addFilterBefore(new LoginThrottleFilter(throttle, Set.of(), json), SecurityContextHolderFilter.class)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new AdminTokenFilter(adminToken), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests.anyRequest().hasRole("ADMIN"))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(
                        unauthorized(json, "Bearer", "Send the admin token as 'Authorization: Bearer <token>'.")))
                .build();
    }

    /**
     * CSRF: the admin API and basic-auth calls carry their credentials in a header, and Hawtio's session
     * cookie is SameSite=Strict, so no other site can make a browser send it.
     */
    @Bean
    @Order(2)
    SecurityFilterChain operators(HttpSecurity http, AdminAuthenticationProvider admin, FailedLoginThrottle throttle,
                                  ObjectMapper json) throws Exception {
        return http.securityMatcher(PATHS.matcher("/actuator/**"))
                .addFilterBefore(new LoginThrottleFilter(throttle, Set.of(HAWTIO_LOGIN), json),
                        SecurityContextHolderFilter.class)
                .authenticationManager(new ProviderManager(admin))
                .csrf(csrf -> csrf.disable())
                // the HTTP session, when there is one, is Hawtio's: it creates it at login
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(PATHS.matcher("/actuator/health"), PATHS.matcher("/actuator/health/**"),
                                PATHS.matcher("/actuator/hawtio/proxy/enabled"))
                        .permitAll()
                        .requestMatchers(PATHS.matcher("/actuator/jolokia"), PATHS.matcher("/actuator/jolokia/**"),
                                PATHS.matcher("/actuator/hawtio/jolokia/**"), PATHS.matcher("/actuator/hawtio/proxy/**"))
                        .hasRole("ADMIN")
                        // Hawtio's pages, login form and its own login check; it sends a browser without a
                        // session to its login page
                        .requestMatchers(PATHS.matcher("/actuator/hawtio"), PATHS.matcher("/actuator/hawtio/**"))
                        .permitAll()
                        .anyRequest().hasRole("ADMIN"))
                .addFilterAfter(new HawtioSessionAuthenticationFilter(), SessionManagementFilter.class)
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized(json, "Basic realm=\"loops\"",
                        "Log in as user 'admin' with the admin token as password.")))
                // no basic challenge for the Hawtio UI's own calls: a browser would pop up its login box
                .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(
                        new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), PATHS.matcher("/actuator/hawtio/**")))
                .build();
    }

    /**
     * Webhooks: open, so none of the filters that only serve logins (security
     * context, anonymous user, logout, session, saved requests, authorization) runs on every webhook. Spring
     * Security's firewall and its security headers stay.
     */
    @Bean
    @Order(3)
    SecurityFilterChain webhooks(HttpSecurity http) throws Exception {
        return http.securityMatcher(PATHS.matcher("/webhooks/**"))
                .csrf(csrf -> csrf.disable())
                .securityContext(context -> context.disable())
                .anonymous(anonymous -> anonymous.disable())
                .logout(logout -> logout.disable())
                .sessionManagement(session -> session.disable())
                .requestCache(cache -> cache.disable())
                .servletApi(servletApi -> servletApi.disable())
                .exceptionHandling(errors -> errors.disable())
                .build();
    }

    /**
     * The admin API's OpenAPI document ({@code /v3/api-docs}, and Swagger UI's configuration under it): read by tools
     * that hold the admin token, like the admin API, and by Swagger UI in a browser logged in to the console (its
     * session, which this chain reads and never creates). A path of its own rather than one under /api: the admin
     * API's door takes only the bearer token, so a session cookie there can never stand in for it (CSRF), and the
     * console's door takes only its login. springdoc answers only GET here, and CSRF protection stays on for anything
     * else. No saved request, no login page: a client is answered 401; Swagger UI's page itself sends a browser
     * without a session to the console's login.
     */
    @Bean
    @Order(4)
    SecurityFilterChain apiDocument(HttpSecurity http, AdminToken adminToken, FailedLoginThrottle throttle,
                                    ObjectMapper json) throws Exception {
        return http.securityMatcher(new OrRequestMatcher(PATHS.matcher(API_DOCUMENT), PATHS.matcher(API_DOCUMENT + "/**")))
                .addFilterBefore(new LoginThrottleFilter(throttle, Set.of(), json), SecurityContextHolderFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new AdminTokenFilter(adminToken), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests.anyRequest().hasRole("ADMIN"))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(unauthorized(json, "Bearer",
                        "Send the admin token as 'Authorization: Bearer <token>', or log in to the console.")))
                .build();
    }

    /**
     * The console, and every path no chain above names: a path added later is closed until it is named here.
     * Logins are throttled like every other way in; a wrong token answers 401 with the login page.
     */
    @Bean
    @Order(5)
    SecurityFilterChain console(HttpSecurity http, AdminAuthenticationProvider admin, FailedLoginThrottle throttle,
                                ObjectMapper json) throws Exception {
        return http
                .addFilterBefore(new LoginThrottleFilter(throttle, Set.of(CONSOLE_LOGIN), json), SecurityContextHolderFilter.class)
                .authenticationManager(new ProviderManager(admin))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(PATHS.matcher(CONSOLE_LOGIN), PATHS.matcher(CONSOLE_LOGIN_FAILED),
                                PATHS.matcher("/console/assets/**"), PATHS.matcher("/webjars/**"),
                                PATHS.matcher("/error"), PATHS.matcher("/favicon.ico"))
                        .permitAll()
                        .anyRequest().hasRole("ADMIN"))
                .formLogin(form -> form.loginPage(CONSOLE_LOGIN)
                        .usernameParameter("username")
                        .passwordParameter("token")
                        .defaultSuccessUrl("/console/endpoints", false)
                        .failureHandler((request, response, exception) -> {
                            response.setStatus(HttpStatus.UNAUTHORIZED.value());
                            request.getRequestDispatcher(CONSOLE_LOGIN_FAILED).forward(request, response);
                        }))
                .logout(logout -> logout.logoutUrl("/console/logout").logoutSuccessUrl(CONSOLE_LOGIN + "?logout"))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; script-src 'self'; "
                                + "style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; "
                                + "base-uri 'none'; object-src 'none'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)))
                .build();
    }

    /**
     * No observation of every security filter on every request: they cost a noticeable share of a webhook's
     * CPU, and webhooks, logins and the admin API have metrics of their own.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * What Spring Security's firewall refuses further in (a header value that is not printable, say) is a 400, not a
     * 500 with a stack trace: anyone can send it.
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return new HttpStatusRequestRejectedHandler();
    }

    /**
     * The session cookie (the console's and Hawtio's) is sent only over HTTPS when the service's public URL is
     * HTTPS, also when TLS ends at a proxy in front of it and the service itself sees plain HTTP.
     */
    @Bean
    WebServerFactoryCustomizer<AbstractServletWebServerFactory> secureSessionCookie(LoopsProperties properties) {
        return factory -> {
            if (properties.getPublicUrl().regionMatches(true, 0, "https:", 0, 6)) {
                factory.getSession().getCookie().setSecure(true);
            }
        };
    }

    /** Runs while the web server starts, before Hawtio reads its JAAS realm. */
    @Bean
    ServletContextInitializer hawtioLogin(@Value("${hawtio.realm:hawtio}") String realm, AdminAuthenticationProvider admin) {
        return servletContext -> HawtioLogin.install(realm, admin);
    }

    private static AuthenticationEntryPoint unauthorized(ObjectMapper json, String challenge, String detail) {
        return (request, response, exception) -> {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, detail);
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            response.setHeader("WWW-Authenticate", challenge);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), problem);
        };
    }
}
