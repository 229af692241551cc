package dev.loops.webhooks.webhook;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loops.webhooks.contact.EmailAddress;
import dev.loops.webhooks.contact.PersonName;
import dev.loops.webhooks.endpoint.EventSettings;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.webhook.StripeCustomerLookup.StripeCustomer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Decides who an event is about, from what its route branch extracted ({@code contactFields}: email, name,
 * customerId, chargeId, previousEmail), in this order:
 * <ol>
 *   <li>the email in the payload;</li>
 *   <li>the contact already linked to the event's Stripe customer id;</li>
 *   <li>Stripe's API (customer by id; for a dispute, its charge), when the endpoint has an API key.</li>
 * </ol>
 * Otherwise the event is ignored with a message that says how to fix it. Also ignores types the endpoint
 * has not enabled. Sets {@code email}, {@code emailKey}, {@code previousEmailKey}, {@code firstName},
 * {@code lastName}, {@code stripeCustomerId}, {@code userGroup}, {@code contactSource}, {@code triggerEvent},
 * {@code mailingListIds} and, for deletion events, {@code deletionAction}.
 */
@Component("stripeContactResolver")
public class StripeContactResolver implements Processor {

    static final String STRIPE_SOURCE = "Stripe webhook";

    private final WebhookOutcomes outcomes;
    private final StripeEventTypes eventTypes;
    private final StripeCustomerLookup stripeApi;
    private final JdbcClient jdbc;

    public StripeContactResolver(WebhookOutcomes outcomes, StripeEventTypes eventTypes, StripeCustomerLookup stripeApi,
                                 JdbcClient jdbc) {
        this.outcomes = outcomes;
        this.eventTypes = eventTypes;
        this.stripeApi = stripeApi;
        this.jdbc = jdbc;
    }

    @Override
    public void process(Exchange exchange) {
        if (exchange.getVariable("outcome") != null) {
            return;
        }
        WebhookEndpoint endpoint = exchange.getVariable("endpoint", WebhookEndpoint.class);
        String eventType = exchange.getVariable("eventType", String.class);
        EventSettings settings = endpoint.enabledSettings(eventType);
        if (settings == null) {
            outcomes.ignored(exchange, "Event type " + eventType + " is not enabled on this endpoint (enabled: "
                    + enabledTypes(endpoint) + "). Nothing was changed. To process it, add it to the endpoint's "
                    + "events with PUT /api/endpoints/" + endpoint.id() + ".");
            return;
        }
        JsonNode fields = exchange.getVariable("contactFields", JsonNode.class);
        String customerId = text(fields, "customerId");
        String chargeId = text(fields, "chargeId");
        if ((customerId != null && !EventValues.isStorableIdentifier(customerId))
                || (chargeId != null && !EventValues.isStorableIdentifier(chargeId))) {
            outcomes.ignored(exchange, "The " + eventType + " event names a Stripe " + (customerId != null
                    ? "customer" : "charge") + " id that cannot be one (longer than " + EventValues.IDENTIFIER_LENGTH
                    + " characters, or with control characters), so it was ignored. Nothing was changed.");
            return;
        }
        String email = EmailAddress.clean(text(fields, "email"));
        String name = text(fields, "name");

        if (email == null && customerId != null) {
            email = linkedEmail(customerId).orElse(null);
        }
        if (email == null && endpoint.stripeApiKey() != null && (customerId != null || chargeId != null)) {
            Optional<StripeCustomer> found = customerId != null
                    ? stripeApi.byCustomerId(endpoint.stripeApiKey(), customerId)
                    : stripeApi.byChargeId(endpoint.stripeApiKey(), chargeId);
            if (found.isPresent()) {
                email = EmailAddress.clean(found.get().email());
                name = name != null ? name : found.get().name();
                customerId = customerId != null ? customerId : found.get().customerId();
            }
        }
        if (email == null) {
            outcomes.ignored(exchange, noEmailMessage(eventType, endpoint, customerId, chargeId));
            return;
        }

        PersonName names = settings.syncsNames() ? PersonName.split(name) : PersonName.UNKNOWN;
        String previousEmail = EmailAddress.clean(text(fields, "previousEmail"));
        String emailKey = EmailAddress.key(email);
        exchange.setVariable("email", email);
        exchange.setVariable("emailKey", emailKey);
        if (previousEmail != null && !EmailAddress.key(previousEmail).equals(emailKey)) {
            exchange.setVariable("previousEmail", previousEmail);
            exchange.setVariable("previousEmailKey", EmailAddress.key(previousEmail));
        }
        exchange.setVariable("firstName", names.firstName());
        exchange.setVariable("lastName", names.lastName());
        exchange.setVariable("stripeCustomerId", customerId);
        exchange.setVariable("userGroup", settings.userGroup() != null ? settings.userGroup() : endpoint.userGroup());
        exchange.setVariable("contactSource", STRIPE_SOURCE);
        exchange.setVariable("triggerEvent", settings.triggerEvent());
        exchange.setVariable("mailingListIds", settings.mailingListIds());
        if (eventTypes.isDeletion(eventType)) {
            exchange.setVariable("deletionAction", settings.deletion().value());
        }
    }

    private Optional<String> linkedEmail(String stripeCustomerId) {
        return jdbc.sql("SELECT email FROM contact WHERE stripe_customer_id = :customerId ORDER BY id LIMIT 1")
                .param("customerId", stripeCustomerId)
                .query(String.class)
                .optional();
    }

    private static String noEmailMessage(String eventType, WebhookEndpoint endpoint, String customerId, String chargeId) {
        String prefix = "The " + eventType + " event carries no email address";
        String suffix = " Nothing was changed.";
        if (customerId == null && chargeId == null) {
            return prefix + " and names no Stripe customer, so there is no contact to create or update." + suffix;
        }
        String subject = customerId != null ? "Stripe customer " + customerId : "charge " + chargeId;
        if (endpoint.stripeApiKey() != null) {
            return prefix + ", and Stripe has no email address for " + subject + "." + suffix;
        }
        String linked = customerId != null ? ", and no contact is linked to " + subject + " yet" : " (only " + subject + ")";
        String fix = customerId != null
                ? " Send this endpoint the customer's customer.created or customer.updated events first, or give the"
                        + " endpoint a restricted Stripe API key (stripeApiKey) so the customer can be looked up."
                : " Give the endpoint a restricted Stripe API key (stripeApiKey) so the charge's customer can be"
                        + " looked up.";
        return prefix + linked + "." + fix + suffix;
    }

    private static String enabledTypes(WebhookEndpoint endpoint) {
        String enabled = String.join(", ", endpoint.events().entrySet().stream()
                .filter(entry -> entry.getValue().active()).map(Map.Entry::getKey).toList());
        return enabled.isEmpty() ? "none" : enabled;
    }

    private static String text(JsonNode fields, String name) {
        JsonNode value = fields == null ? null : fields.get(name);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
    }
}
