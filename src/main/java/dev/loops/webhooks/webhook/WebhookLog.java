package dev.loops.webhooks.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Builds the webhook log row (the parameters of {@code sql/insert-delivery.sql}) from a delivery's variables. */
@Component("webhookLog")
public class WebhookLog {

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
        row.put("latencyMs", latencyMillis(exchange));
        return row;
    }

    /** Time since the request reached the route. */
    public long latencyMillis(Exchange exchange) {
        OffsetDateTime receivedAt = exchange.getVariable("receivedAt", OffsetDateTime.class);
        return receivedAt == null ? 0 : Duration.between(receivedAt.toInstant(), clock.instant()).toMillis();
    }

    private static String limit(String message) {
        return message.length() > 1000 ? message.substring(0, 999) + "…" : message;
    }
}
