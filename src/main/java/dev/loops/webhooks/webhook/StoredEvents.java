package dev.loops.webhooks.webhook;

import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loops.webhooks.endpoint.EndpointDirectory;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * First step of a replay: the delivery {@code replayOf} as the webhook log stored it (its payload, verified when it
 * arrived, and the envelope read then) becomes a verified event again, with the variables a live delivery's first
 * steps set.
 */
@Component("storedEvents")
public class StoredEvents {

    private final JdbcClient jdbc;
    private final EndpointDirectory endpoints;
    private final ObjectMapper json;
    private final Clock clock;

    public StoredEvents(JdbcClient jdbc, EndpointDirectory endpoints, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.endpoints = endpoints;
        this.json = json;
        this.clock = clock;
    }

    public void read(Exchange exchange) throws IOException {
        long replayOf = exchange.getVariable("replayOf", Long.class);
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        Map<String, Object> row = jdbc.sql("""
                        SELECT endpoint_id, provider, event_id, event_type, event_occurred_at, received_at, payload
                        FROM webhook_delivery WHERE id = :id""")
                .param("id", replayOf)
                .query()
                .singleRow();
        String platform = (String) row.get("provider");
        exchange.setVariable(Variables.DELIVERY, new Delivery(platform, (String) row.get("endpoint_id"), now, replayOf, Delivery.REPLAY));
        WebhookEndpoint endpoint = endpoints.findEnabled(platform, (String) row.get("endpoint_id"))
                .orElseThrow(WebhookRejectedException::unknownEndpoint);
        String payload = (String) row.get("payload");
        JsonNode stored = json.readTree(payload);
        OffsetDateTime occurredAt = timestamp(row.get("event_occurred_at"));
        exchange.setVariable(Variables.EVENT, VerifiedEvent.signed(endpoint, platform, payload, null).withEnvelope(
                (String) row.get("event_id"), (String) row.get("event_type"),
                occurredAt != null ? occurredAt : timestamp(row.get("received_at"))));
        exchange.setVariable(Variables.STORED_PAYLOAD, stored);
        exchange.getMessage().setBody(stored);
    }

    private static OffsetDateTime timestamp(Object value) {
        if (value instanceof OffsetDateTime time) {
            return time;
        }
        if (value instanceof java.sql.Timestamp time) {
            return time.toInstant().atOffset(ZoneOffset.UTC);
        }
        return value == null ? null : OffsetDateTime.parse(value.toString());
    }
}
