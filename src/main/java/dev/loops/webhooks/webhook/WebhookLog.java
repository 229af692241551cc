package dev.loops.webhooks.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import dev.loops.webhooks.endpoint.EndpointIds;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Builds the webhook log row (the parameters of {@code sql/insert-delivery.sql}) from a delivery's variables. */
@Component("webhookLog")
public class WebhookLog {

    /**
     * Verified deliveries keep their payload for reading and replay; duplicates (the payload is on the first
     * delivery) and rejected requests (unverified, never stored) do not.
     */
    private static final Set<String> KEEPS_PAYLOAD = Set.of("processed", "ignored", "unavailable", "failed");

    private final Clock clock;

    public WebhookLog(Clock clock) {
        this.clock = clock;
    }

    public Map<String, Object> deliveryRow(Exchange exchange) {
        OffsetDateTime receivedAt = exchange.getVariable("receivedAt", OffsetDateTime.class);
        Map<String, Object> row = new HashMap<>();
        row.put("endpointId", exchange.getVariable("endpointId"));
        row.put("provider", exchange.getVariable("provider"));
        row.put("eventId", exchange.getVariable("eventId"));
        row.put("eventType", exchange.getVariable("eventType"));
        row.put("outcome", exchange.getVariable("outcome"));
        row.put("httpStatus", exchange.getVariable("httpStatus", 200, Integer.class));
        row.put("message", limit(exchange.getVariable("outcomeMessage", "", String.class)));
        row.put("email", exchange.getVariable("email"));
        row.put("contactId", exchange.getVariable("contactId"));
        row.put("triggerEvent", exchange.getVariable("triggerEvent"));
        row.put("receivedAt", receivedAt);
        row.put("payload", KEEPS_PAYLOAD.contains(exchange.getVariable("outcome", String.class))
                ? exchange.getVariable("payload", String.class) : null);
        row.put("replayOf", exchange.getVariable("replayOf", Long.class));
        row.put("latencyMs", latencyMillis(exchange));
        return row;
    }

    /** The delivery's endpoint as logs name it ({@link EndpointIds#label}). */
    public String endpointLabel(Exchange exchange) {
        return EndpointIds.label(exchange.getVariable("endpointId", String.class));
    }

    /** Time since the request reached the route. */
    public long latencyMillis(Exchange exchange) {
        OffsetDateTime receivedAt = exchange.getVariable("receivedAt", OffsetDateTime.class);
        return receivedAt == null ? 0 : Duration.between(receivedAt.toInstant(), clock.instant()).toMillis();
    }

    private static String limit(String message) {
        String fitted = EventValues.fit(message, 1000);
        return fitted.length() < message.length() ? EventValues.fit(fitted, 999) + "…" : fitted;
    }
}
