package dev.loops.webhooks.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;

import dev.loops.webhooks.config.LoopsProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requests with a body outside /webhooks (admin API writes, Jolokia, Hawtio's login; webhook bodies are read
 * as they arrive by WebhookBodyFilter) are read on a request thread, so clients that send a byte a second
 * could hold every thread, without any credentials. Two bounds keep the other paths (webhooks, readiness)
 * their threads:
 * <ul>
 *   <li>at most loops.max-concurrent-request-bodies such requests are handled at once; more get 503 at once;</li>
 *   <li>one answered without reading its body (401 before the admin API, 404) closes its connection: after a
 *       synchronous answer Tomcat would wait for the unread body on the request thread, an asynchronous end
 *       with Connection: close makes it close the connection instead. Such requests are rare here, so the
 *       keep-alive they lose costs nothing.</li>
 * </ul>
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestBodyGuard extends OncePerRequestFilter {

    private static final byte[] BUSY = ("{\"error\":\"unavailable\",\"message\":\"Too many requests with a body are "
            + "being handled right now; nothing was changed. Please retry.\"}").getBytes(StandardCharsets.UTF_8);

    private final Semaphore permits;

    public RequestBodyGuard(LoopsProperties properties) {
        this.permits = new Semaphore(properties.getMaxConcurrentRequestBodies());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        return !hasBody || request.getRequestURI().startsWith("/webhooks/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Connection", "close");
        if (!permits.tryAcquire()) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader("Retry-After", "5");
            response.setContentType("application/json");
            response.setContentLength(BUSY.length);
            response.getOutputStream().write(BUSY);
        } else {
            try {
                chain.doFilter(request, response);
            } finally {
                permits.release();
            }
        }
        if (!request.isAsyncStarted() && request.isAsyncSupported()) {
            request.startAsync().complete();
        }
    }
}
