package dev.loops.webhooks.webhook;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Reads a Stripe event's envelope (id, type, created, data.object) from bytes whose signature was checked,
 * live or when a stored delivery is replayed. Sets {@code eventId}, {@code eventType} and {@code eventCreatedAt};
 * the body becomes the event as a JSON tree.
 */
@Component
public class StripeEventEnvelope {

    private static final Duration MAX_CLOCK_AHEAD = Duration.ofDays(1);

    private final ObjectReader eventReader;
    private final StripeEventTypes eventTypes;

    public StripeEventEnvelope(ObjectMapper json, StripeEventTypes eventTypes) {
        this.eventReader = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.eventTypes = eventTypes;
    }

    public void read(byte[] body, Exchange exchange, Instant now) {
        JsonNode event;
        try {
            event = eventReader.readTree(body);
        } catch (IOException e) {
            throw WebhookRejectedException.invalidPayload("The body is not valid JSON, so it is not a Stripe event.");
        }
        if (event == null || !event.isObject()) {
            throw WebhookRejectedException.invalidPayload("The body is not a JSON object, so it is not a Stripe event.");
        }
        String id = text(event, "id", EventValues.IDENTIFIER_LENGTH);
        String type = text(event, "type", 100);
        if (id == null || type == null) {
            throw WebhookRejectedException.invalidPayload(
                    "The JSON is not a Stripe event: it needs a string \"id\" and a string \"type\".");
        }
        if (!EventValues.isStorableIdentifier(id) || !EventValues.isStorableIdentifier(type)) {
            throw WebhookRejectedException.invalidPayload("The event's \"id\" or \"type\" contains control "
                    + "characters, so it is not a Stripe event.");
        }
        JsonNode object = event.path("object");
        if (!object.isMissingNode() && !"event".equals(object.asText())) {
            throw WebhookRejectedException.invalidPayload("The JSON is not a Stripe snapshot event (its \"object\" "
                    + "is not \"event\"); send this endpoint snapshot events.");
        }
        if (!event.path("data").path("object").isObject()) {
            throw WebhookRejectedException.invalidPayload("The Stripe event has no data.object.");
        }
        exchange.setVariable("eventId", id);
        exchange.setVariable("eventType", type);
        exchange.setVariable("eventFamily", eventTypes.familyOf(type));
        exchange.setVariable("eventCreatedAt", OffsetDateTime.ofInstant(createdAt(event.path("created"), now), ZoneOffset.UTC));
        exchange.getMessage().setBody(event);
    }

    /**
     * When the event happened, for ordering updates of a contact: Stripe's {@code created}, or now when it is not
     * a plausible time (missing, not a number, before 1970, or more than a day ahead, which would otherwise
     * block every later update of the contact).
     */
    static Instant createdAt(JsonNode created, Instant now) {
        if (!created.isIntegralNumber() || !created.canConvertToLong()) {
            return now;
        }
        long seconds = created.asLong();
        if (seconds < 0 || seconds > now.plus(MAX_CLOCK_AHEAD).getEpochSecond()) {
            return now;
        }
        return Instant.ofEpochSecond(seconds);
    }

    private static String text(JsonNode event, String field, int maxLength) {
        JsonNode node = event.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank() || node.asText().length() > maxLength) {
            return null;
        }
        return node.asText();
    }
}
