package dev.loops.webhooks.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loops.webhooks.contact.EventValues;
import dev.loops.webhooks.endpoint.EndpointIds;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Builds the webhook log row (the parameters of {@code sql/insert-delivery.sql}) from a delivery's variables. */
@Component("webhookLog")
public class WebhookLog {

    private final Clock clock;
    private final ObjectMapper json;

    public WebhookLog(Clock clock, ObjectMapper json) {
        this.clock = clock;
        this.json = json;
    }

    public Map<String, Object> deliveryRow(Exchange exchange) throws JsonProcessingException {
        Delivery delivery = exchange.getVariable(Variables.DELIVERY, Delivery.class);
        VerifiedEvent event = exchange.getVariable(Variables.EVENT, VerifiedEvent.class);
        DeliveryResult result = exchange.getVariable(Variables.RESULT, DeliveryResult.class);
        ContactChange change = exchange.getVariable(Variables.CHANGE, ContactChange.class);
        JsonNode stored = exchange.getVariable(Variables.STORED_PAYLOAD, JsonNode.class);
        Map<String, Object> row = new HashMap<>();
        row.put("endpointId", delivery.endpointId());
        row.put("provider", delivery.platform());
        row.put("eventId", event == null ? null : event.id());
        row.put("eventType", event == null ? null : event.type());
        row.put("eventOccurredAt", event == null ? null : event.occurredAt());
        row.put("outcome", result.outcome().value());
        row.put("httpStatus", result.httpStatus());
        row.put("message", limit(result.message()));
        row.put("email", change == null ? null : change.email());
        row.put("contactId", exchange.getVariable(Variables.CONTACT_ID));
        row.put("triggerEvent", exchange.getVariable(Variables.TRIGGER_EVENT));
        row.put("receivedAt", delivery.receivedAt());
        row.put("payload", result.outcome().keepsPayload() && stored != null ? json.writeValueAsString(stored) : null);
        row.put("replayOf", delivery.replayOf());
        row.put("origin", delivery.origin());
        row.put("latencyMs", latencyMillis(exchange));
        return row;
    }

    /** The delivery's endpoint as logs name it ({@link EndpointIds#label}). */
    public String endpointLabel(Exchange exchange) {
        Delivery delivery = exchange.getVariable(Variables.DELIVERY, Delivery.class);
        return EndpointIds.label(delivery == null ? null : delivery.endpointId());
    }

    /** Time since the request reached the route. */
    public long latencyMillis(Exchange exchange) {
        Delivery delivery = exchange.getVariable(Variables.DELIVERY, Delivery.class);
        return delivery == null ? 0 : Duration.between(delivery.receivedAt().toInstant(), clock.instant()).toMillis();
    }

    private static String limit(String message) {
        String fitted = EventValues.fit(message, 1000);
        return fitted.length() < message.length() ? EventValues.fit(fitted, 999) + "…" : fitted;
    }
}
