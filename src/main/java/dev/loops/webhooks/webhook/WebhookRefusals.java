package dev.loops.webhooks.webhook;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loops.webhooks.config.LoopsProperties;
import dev.loops.webhooks.endpoint.EndpointIds;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Answers a webhook request before its route runs, with the JSON body the routes write, and closes the
 * connection: the rest of the body is never read, and the connection could not carry another request until it
 * was. Each refusal is logged and counted like any delivery; a known endpoint's webhook log lists the ones its
 * owner can act on (413, 408), never with the body.
 */
@Component
class WebhookRefusals {

    private static final Logger LOG = LoggerFactory.getLogger("webhooks.deliveries");
    private static final String RETRY_AFTER_SECONDS = "5";

    private final ObjectMapper json;
    private final ObjectProvider<ProducerTemplate> camel;
    private final WebhookMetrics metrics;
    private final Clock clock;
    private final long maxBodyBytes;
    private final Duration bodyReadTimeout;

    WebhookRefusals(ObjectMapper json, ObjectProvider<ProducerTemplate> camel, WebhookMetrics metrics, Clock clock,
                    LoopsProperties properties) {
        this.json = json;
        this.camel = camel;
        this.metrics = metrics;
        this.clock = clock;
        this.maxBodyBytes = properties.getWebhooks().getMaxBodySize().toBytes();
        this.bodyReadTimeout = properties.getWebhooks().getBodyReadTimeout();
    }

    /** Writes the answer and sends it at once; {@code endpoint} is null when the URL names no enabled endpoint. */
    void answer(HttpServletResponse response, WebhookRefusal refusal, WebhookEndpoint endpoint,
                OffsetDateTime receivedAt) throws IOException {
        String message = message(refusal);
        record(refusal, endpoint, receivedAt, message);
        ObjectNode body = json.createObjectNode().put("error", refusal.code()).put("message", message);
        byte[] bytes = json.writeValueAsBytes(body);
        response.setStatus(refusal.status());
        response.setContentType("application/json");
        response.setHeader("Connection", "close");
        if (refusal.status() == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        response.flushBuffer();
    }

    private String message(WebhookRefusal refusal) {
        return switch (refusal) {
            case UNKNOWN_ENDPOINT -> WebhookRejectedException.unknownEndpoint().getMessage();
            case TOO_LARGE -> "The request body is larger than the " + maxBodyBytes + " bytes this service accepts.";
            case BODY_TOO_SLOW -> "The request body did not arrive within " + readable(bodyReadTimeout)
                    + "; nothing was written. Please retry.";
            case AT_CAPACITY -> "The service is at capacity; nothing was written. Please retry.";
            case DATABASE_UNAVAILABLE ->
                    "The service cannot reach its database right now; nothing was written. Please retry.";
        };
    }

    private void record(WebhookRefusal refusal, WebhookEndpoint endpoint, OffsetDateTime receivedAt, String message) {
        String provider = endpoint == null ? null : endpoint.provider();
        String endpointId = endpoint == null ? null : endpoint.id();
        String endpointLabel = EndpointIds.label(endpointId);
        Duration latency = Duration.between(receivedAt, OffsetDateTime.now(clock));
        LOG.atInfo()
                .addKeyValue("provider", provider).addKeyValue("endpoint", endpointLabel)
                .addKeyValue("outcome", refusal.outcome()).addKeyValue("status", refusal.status())
                .addKeyValue("latencyMs", latency.toMillis())
                .log("provider={} endpoint={} event=null type=null outcome={} status={} latencyMs={}",
                        provider, endpointLabel, refusal.outcome(), refusal.status(), latency.toMillis());
        metrics.delivery(provider, endpointId, null, refusal.outcome().value(), latency);
        if (endpoint != null && (refusal == WebhookRefusal.TOO_LARGE || refusal == WebhookRefusal.BODY_TOO_SLOW)) {
            camel.getObject().send("direct:record-delivery-if-possible", exchange -> {
                exchange.setVariable(Variables.DELIVERY, Delivery.webhook(provider, endpointId, receivedAt));
                exchange.setVariable(Variables.RESULT,
                        new DeliveryResult(refusal.outcome(), refusal.status(), refusal.code(), message));
            });
        }
    }

    private static String readable(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " seconds" : duration.toMillis() + " ms";
    }
}
