package dev.loops.webhooks.event;

import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Builds the outbound trigger event record (the Kafka record value) when the event is recorded, so the
 * outbox relay publishes exactly what was committed. Sets {@code triggerEventId} and {@code triggerRecord}.
 */
@Component("triggerEventRecords")
public class TriggerEventRecords {

    private final ObjectMapper json;

    public TriggerEventRecords(ObjectMapper json) {
        this.json = json;
    }

    public void prepare(Exchange exchange) throws JsonProcessingException {
        String id = UUID.randomUUID().toString();
        ObjectNode record = json.createObjectNode();
        record.put("id", id);
        record.put("eventName", exchange.getVariable("triggerEvent", String.class));
        record.put("email", exchange.getVariable("email", String.class));
        record.put("contactId", exchange.getVariable("contactId", Long.class));
        record.set("eventProperties", withoutNulls(exchange.getVariable("eventProperties")));
        ObjectNode source = record.putObject("source");
        source.put("provider", exchange.getVariable("provider", String.class));
        source.put("endpointId", exchange.getVariable("endpointId", String.class));
        source.put("eventId", exchange.getVariable("eventId", String.class));
        source.put("eventType", exchange.getVariable("eventType", String.class));
        record.put("occurredAt", exchange.getVariable("eventCreatedAt", OffsetDateTime.class).toInstant().toString());

        exchange.setVariable("triggerEventId", id);
        exchange.setVariable("triggerRecord", json.writeValueAsString(record));
    }

    /** Properties the event did not carry are left out rather than sent as null. */
    private ObjectNode withoutNulls(Object properties) {
        ObjectNode result = json.createObjectNode();
        if (properties == null) {
            return result;
        }
        JsonNode tree = properties instanceof JsonNode node ? node : json.valueToTree(properties);
        for (Iterator<Map.Entry<String, JsonNode>> fields = tree.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isNull()) {
                result.set(field.getKey(), field.getValue());
            }
        }
        return result;
    }
}
