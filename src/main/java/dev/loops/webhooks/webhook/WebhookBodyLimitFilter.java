package dev.loops.webhooks.webhook;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.loops.webhooks.config.LoopsProperties;
import dev.loops.webhooks.endpoint.EndpointDirectory;
import dev.loops.webhooks.endpoint.EndpointService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps webhook request bodies: a declared {@code Content-Length} over the limit is refused before anything
 * is read, and a chunked body is read up to one byte past the limit, so neither can exhaust memory.
 * The bytes read are handed on unchanged, for the signature check. A refusal is logged for a known endpoint.
 */
@Component
public class WebhookBodyLimitFilter extends OncePerRequestFilter {

    private static final Pattern STRIPE_PATH = Pattern.compile("/webhooks/stripe/([A-Za-z0-9_-]{1,64})");

    private final int maxBodyBytes;
    private final EndpointDirectory endpoints;
    private final ObjectProvider<ProducerTemplate> camel;
    private final WebhookMetrics metrics;
    private final Clock clock;

    public WebhookBodyLimitFilter(LoopsProperties properties, EndpointDirectory endpoints,
                                  ObjectProvider<ProducerTemplate> camel, WebhookMetrics metrics, Clock clock) {
        this.maxBodyBytes = (int) Math.min(Integer.MAX_VALUE - 8, properties.getWebhooks().getMaxBodySize().toBytes());
        this.endpoints = endpoints;
        this.camel = camel;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/webhooks/") || !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        OffsetDateTime receivedAt = OffsetDateTime.now(clock);
        if (request.getContentLengthLong() > maxBodyBytes) {
            tooLarge(request, response, receivedAt);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(maxBodyBytes + 1);
        if (body.length > maxBodyBytes) {
            tooLarge(request, response, receivedAt);
            return;
        }
        chain.doFilter(new ReadBodyRequest(request, body), response);
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response, OffsetDateTime receivedAt)
            throws IOException {
        String message = "The request body is larger than the " + maxBodyBytes + " bytes this service accepts.";
        response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
        response.setContentType("application/json");
        response.setHeader("Connection", "close");
        response.getOutputStream().write(("{\"error\":\"payload_too_large\",\"message\":\"" + message + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        logRejection(request, receivedAt, message);
    }

    /** A known endpoint's log lists the refusal, like any other rejected request (never with its body). */
    private void logRejection(HttpServletRequest request, OffsetDateTime receivedAt, String message) {
        Matcher path = STRIPE_PATH.matcher(request.getRequestURI());
        String endpointId = path.matches() && endpoints.find(path.group(1)).isPresent() ? path.group(1) : null;
        metrics.delivery(EndpointService.STRIPE, endpointId, null, "rejected",
                Duration.between(receivedAt, OffsetDateTime.now(clock)));
        if (endpointId != null) {
            camel.getObject().send("direct:record-delivery-if-possible", exchange -> {
                exchange.setVariable("endpointId", endpointId);
                exchange.setVariable("provider", EndpointService.STRIPE);
                exchange.setVariable("outcome", "rejected");
                exchange.setVariable("httpStatus", HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
                exchange.setVariable("outcomeMessage", message);
                exchange.setVariable("receivedAt", receivedAt);
            });
        }
    }

    /** The request with its body already read into memory. */
    private static final class ReadBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return bytes.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body has already been read");
                }
            };
        }
    }
}
