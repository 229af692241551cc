package dev.loops.webhooks.webhook;

import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;

import dev.loops.webhooks.config.LoopsProperties;
import dev.loops.webhooks.endpoint.EndpointDirectory;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Webhook bodies are read without a request thread waiting on the client, so slow senders cannot take every
 * thread (and with them other webhooks, readiness and the admin API). What can be refused without the body is
 * refused before any of it is read: a URL that names no enabled endpoint of its platform (404), a declared
 * Content-Length over the limit (413). Otherwise the body is read as it arrives ({@link WebhookBodyRead}), within
 * loops.webhooks.body-read-timeout (else 408), the size limit (else 413, also for a chunked body) and the
 * memory budget (else 503); then the request is dispatched again and runs its route as before, with the bytes
 * read handed on unchanged for the signature check.
 */
@Component
public class WebhookBodyFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookBodyFilter.class);

    private final EndpointDirectory endpoints;
    private final WebhookBodyMemory memory;
    private final WebhookRefusals refusals;
    private final Clock clock;
    private final int maxBodyBytes;
    private final long bodyReadTimeoutMillis;

    public WebhookBodyFilter(LoopsProperties properties, EndpointDirectory endpoints, WebhookBodyMemory memory,
                             WebhookRefusals refusals, Clock clock) {
        this.endpoints = endpoints;
        this.memory = memory;
        this.refusals = refusals;
        this.clock = clock;
        this.maxBodyBytes = (int) Math.min(Integer.MAX_VALUE - 8, properties.getWebhooks().getMaxBodySize().toBytes());
        this.bodyReadTimeoutMillis = properties.getWebhooks().getBodyReadTimeout().toMillis();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/webhooks/");
    }

    /** The dispatch after the body is in runs this filter again, to hand the body on. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            handOnBody(request, response, chain);
        } else if (hasBody(request)) {
            startReading(request, response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private void startReading(HttpServletRequest request, HttpServletResponse response) throws IOException {
        OffsetDateTime receivedAt = OffsetDateTime.now(clock);
        WebhookRefusal refusal = null;
        WebhookEndpoint endpoint = null;
        try {
            endpoint = endpointOf(request).orElse(null);
        } catch (RuntimeException failure) {
            if (!WebhookOutcomes.isDatabaseUnavailable(failure)) {
                throw failure;
            }
            LOG.warn("Webhook not processed, database unavailable for the endpoint look-up: {}",
                    WebhookOutcomes.rootCause(failure));
            refusal = WebhookRefusal.DATABASE_UNAVAILABLE;
        }
        if (refusal == null && endpoint == null) {
            refusal = WebhookRefusal.UNKNOWN_ENDPOINT;
        } else if (refusal == null && request.getContentLengthLong() > maxBodyBytes) {
            refusal = WebhookRefusal.TOO_LARGE;
        }

        // asynchronous even to refuse: once completed, the container closes the connection without waiting
        // for the unread body on a request thread, as it would after a synchronous answer
        AsyncContext async = request.startAsync();
        async.setTimeout(bodyReadTimeoutMillis);
        WebhookBodyRead body = new WebhookBodyRead(async, endpoint, receivedAt, maxBodyBytes, memory, refusals);
        if (refusal != null) {
            body.refuse(refusal, response);
        } else {
            body.read();
        }
    }

    private Optional<WebhookEndpoint> endpointOf(HttpServletRequest request) {
        return WebhookAddress.parse(request.getRequestURI())
                .flatMap(address -> endpoints.findEnabled(address.platform(), address.endpointId()));
    }

    private static void handOnBody(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = (byte[]) request.getAttribute(WebhookBodyRead.BODY);
        if (body == null) {
            // the dispatch that writes the route's answer
            chain.doFilter(request, response);
            return;
        }
        request.removeAttribute(WebhookBodyRead.BODY);
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }
}
