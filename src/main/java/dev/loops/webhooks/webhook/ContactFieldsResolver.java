package dev.loops.webhooks.webhook;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loops.webhooks.contact.EmailAddress;
import dev.loops.webhooks.contact.PersonName;
import dev.loops.webhooks.endpoint.EventSettings;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Turns what a route branch extracted ({@code contactFields}: email, name, customerId) into the contact change
 * to apply, or decides the event is ignored: not enabled on this endpoint, or no usable email address.
 * Sets {@code email}, {@code emailKey}, {@code firstName}, {@code lastName}, {@code stripeCustomerId},
 * {@code userGroup}, {@code contactSource} and {@code triggerEvent}.
 */
@Component("contactFieldsResolver")
public class ContactFieldsResolver implements Processor {

    static final String STRIPE_SOURCE = "Stripe webhook";

    private final WebhookOutcomes outcomes;

    public ContactFieldsResolver(WebhookOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    @Override
    public void process(Exchange exchange) {
        if (exchange.getVariable("outcome") != null) {
            return;
        }
        WebhookEndpoint endpoint = exchange.getVariable("endpoint", WebhookEndpoint.class);
        String eventType = exchange.getVariable("eventType", String.class);
        EventSettings settings = endpoint.events().get(eventType);
        if (settings == null) {
            outcomes.ignored(exchange, "Event type " + eventType + " is not enabled on this endpoint (enabled: "
                    + enabledTypes(endpoint.events()) + "). Nothing was changed. To process it, add it to the "
                    + "endpoint's events with PUT /api/endpoints/" + endpoint.id() + ".");
            return;
        }
        JsonNode fields = exchange.getVariable("contactFields", JsonNode.class);
        String rawEmail = text(fields, "email");
        String email = EmailAddress.clean(rawEmail);
        if (email == null) {
            outcomes.ignored(exchange, rawEmail == null
                    ? "The " + eventType + " event carries no email address, so there is no contact to create or "
                            + "update. Nothing was changed."
                    : "The " + eventType + " event's email address is not a valid address, so there is no contact "
                            + "to create or update. Nothing was changed.");
            return;
        }
        PersonName name = PersonName.split(text(fields, "name"));
        exchange.setVariable("email", email);
        exchange.setVariable("emailKey", EmailAddress.key(email));
        exchange.setVariable("firstName", name.firstName());
        exchange.setVariable("lastName", name.lastName());
        exchange.setVariable("stripeCustomerId", text(fields, "customerId"));
        exchange.setVariable("userGroup", endpoint.userGroup());
        exchange.setVariable("contactSource", STRIPE_SOURCE);
        exchange.setVariable("triggerEvent", settings.triggerEvent());
    }

    private static String enabledTypes(Map<String, EventSettings> events) {
        return events.isEmpty() ? "none" : String.join(", ", events.keySet());
    }

    private static String text(JsonNode fields, String name) {
        JsonNode value = fields == null ? null : fields.get(name);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
    }
}
