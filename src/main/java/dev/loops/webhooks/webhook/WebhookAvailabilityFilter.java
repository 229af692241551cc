package dev.loops.webhooks.webhook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * While the service is starting (the web server listens before the webhook routes run) or shutting down,
 * webhooks get 503 with Retry-After, which every platform retries, instead of a bare 404.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class WebhookAvailabilityFilter extends OncePerRequestFilter {

    private static final byte[] NOT_READY = ("{\"error\":\"unavailable\",\"message\":\"The service is starting or "
            + "stopping; nothing was written. Please retry.\"}").getBytes(StandardCharsets.UTF_8);

    private final ApplicationAvailability availability;

    public WebhookAvailabilityFilter(ApplicationAvailability availability) {
        this.availability = availability;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/webhooks/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader("Retry-After", "5");
            response.setContentType("application/json");
            response.getOutputStream().write(NOT_READY);
            return;
        }
        chain.doFilter(request, response);
    }
}
