package dev.loops.webhooks.security;

import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.ServletContextInitializer;
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
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.session.SessionManagementFilter;

/**
 * Three doors:
 * <ul>
 *   <li>the admin API takes the admin token as a bearer token;</li>
 *   <li>actuator endpoints other than health, Hawtio's API and Jolokia take user {@code admin} with the admin
 *       token as password: HTTP basic for tools, Hawtio's login form (a session) in the browser; what the admin
 *       may do through Jolokia, and from which origin, is {@link JolokiaAccessPolicy}'s;</li>
 *   <li>webhooks are open here, because each request proves itself with the platform's signature.</li>
 * </ul>
 * Paths are matched as paths, not through Spring MVC: Jolokia is a servlet of its own, and an MVC matcher
 * would let its URLs fall through to the open door.
 */
@Configuration
public class SecurityConfiguration {

    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();
    private static final String HAWTIO_LOGIN = "/actuator/hawtio/auth/login";

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
     * Everything else, webhooks above all: open, so none of the filters that only serve logins (security
     * context, anonymous user, logout, session, saved requests, authorization) runs on every webhook. Spring
     * Security's firewall and its security headers stay.
     */
    @Bean
    @Order(3)
    SecurityFilterChain webhooks(HttpSecurity http) throws Exception {
        return http.csrf(csrf -> csrf.disable())
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
