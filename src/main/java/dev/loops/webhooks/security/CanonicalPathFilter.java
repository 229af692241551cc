package dev.loops.webhooks.security;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything else runs, a path that is not written in its one canonical form: {@code //},
 * {@code /./}, {@code /../}, {@code ;} parameters, encoded slashes, dots or percent signs (Spring Security's
 * strict firewall), and percent-encoded letters or digits such as {@code /actuator/%6aolokia}, which no client
 * needs. Such paths reached servlets under one name and the security rules under another, and each one cost a
 * 500 and a stack trace in the log; now it is a 400, counted in {@code http_requests_refused_total}, not logged.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CanonicalPathFilter extends OncePerRequestFilter {

    private static final Pattern PERCENT_ENCODED = Pattern.compile("%([0-9A-Fa-f]{2})");
    private static final String DETAIL = "The request path is not in its canonical form: no '//', '/./', '/../' or ';', "
            + "and no percent-encoded letters, digits, dots, slashes or percent signs.";

    private final StrictHttpFirewall firewall = new StrictHttpFirewall();
    private final ObjectMapper json;
    private final Counter refused;

    public CanonicalPathFilter(ObjectMapper json, MeterRegistry registry) {
        this.json = json;
        this.refused = Counter.builder("http.requests.refused")
                .description("Requests refused before routing because their path is not canonical")
                .tag("reason", "non_canonical_path")
                .register(registry);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!isCanonical(request)) {
            refused.increment();
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, DETAIL);
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), problem);
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean isCanonical(HttpServletRequest request) {
        try {
            firewall.getFirewalledRequest(request);
        } catch (RequestRejectedException e) {
            return false;
        }
        Matcher encoded = PERCENT_ENCODED.matcher(request.getRequestURI());
        while (encoded.find()) {
            char decoded = (char) Integer.parseInt(encoded.group(1), 16);
            if (Character.isLetterOrDigit(decoded) || "-._~/\\%;".indexOf(decoded) >= 0) {
                return false;
            }
        }
        return true;
    }
}
