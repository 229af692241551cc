package dev.loops.webhooks.webhook;

import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loops.webhooks.contact.EventValues;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Builds the outbound trigger event record (the Kafka record value) when the event is recorded, so the
 * outbox relay publishes exactly what was committed. Sets {@code triggerEventId} and {@code triggerRecord}.
 */
@Component("triggerEventRecords")
public class TriggerEventRecords {

    /** Longest text property; an invoice URL is about 150 characters. */
    static final int MAX_TEXT = 2_000;
    /** trigger_event.record; should the properties still not fit, the largest are left out. */
    private static final int RECORD_COLUMN_LENGTH = 100_000;

    private final ObjectMapper json;

    public TriggerEventRecords(ObjectMapper json) {
        this.json = json;
    }

    public void prepare(Exchange exchange) throws JsonProcessingException {
        VerifiedEvent event = exchange.getVariable(Variables.EVENT, VerifiedEvent.class);
        ContactChange change = exchange.getVariable(Variables.CHANGE, ContactChange.class);
        String id = UUID.randomUUID().toString();
        ObjectNode record = json.createObjectNode();
        record.put("id", id);
        record.put("eventName", change.triggerEvent());
        record.put("email", change.email());
        record.put("contactId", exchange.getVariable(Variables.CONTACT_ID, Long.class));
        ObjectNode properties = fittedProperties(exchange.getVariable(Variables.EVENT_PROPERTIES));
        record.set("eventProperties", properties);
        ObjectNode source = record.putObject("source");
        source.put("provider", event.platform());
        source.put("endpointId", event.endpointId());
        source.put("eventId", event.id());
        source.put("eventType", event.type());
        record.put("occurredAt", event.occurredAt().toInstant().toString());

        String text = json.writeValueAsString(record);
        while (text.length() > RECORD_COLUMN_LENGTH && !properties.isEmpty()) {
            properties.remove(largest(properties));
            text = json.writeValueAsString(record);
        }
        exchange.setVariable(Variables.TRIGGER_EVENT_ID, id);
        exchange.setVariable(Variables.TRIGGER_RECORD, text);
        exchange.setVariable(Variables.TRIGGER_EVENT, change.triggerEvent());
    }

    private static String largest(ObjectNode properties) {
        String largest = null;
        int size = -1;
        for (Iterator<Map.Entry<String, JsonNode>> fields = properties.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            int fieldSize = field.getValue().toString().length();
            if (fieldSize > size) {
                largest = field.getKey();
                size = fieldSize;
            }
        }
        return largest;
    }

    /**
     * Properties the event did not carry are left out rather than sent as null. A property is for an email
     * template, so a text longer than {@value #MAX_TEXT} characters is cut, and a property that is not text
     * but takes more room than that (an object where Stripe sends a string, say) is left out.
     */
    private ObjectNode fittedProperties(Object properties) {
        ObjectNode result = json.createObjectNode();
        if (properties == null) {
            return result;
        }
        JsonNode tree = properties instanceof JsonNode node ? node : json.valueToTree(properties);
        for (Iterator<Map.Entry<String, JsonNode>> fields = tree.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                result.put(field.getKey(), EventValues.fit(value.asText(), MAX_TEXT));
            } else if (!value.isNull() && (value.isValueNode() || value.toString().length() <= MAX_TEXT)) {
                result.set(field.getKey(), value);
            }
        }
        return result;
    }
}
