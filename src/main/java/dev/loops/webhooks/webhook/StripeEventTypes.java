package dev.loops.webhooks.webhook;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * The Stripe event types this service understands, by family. The family names the branch of the
 * {@code stripe-webhook} route that knows where that family keeps the email, name and properties:
 * supporting a new type of a known family is one line here.
 */
@Component("stripeEventTypes")
public class StripeEventTypes {

    private static final Map<String, String> FAMILY_BY_TYPE = new LinkedHashMap<>();

    static {
        FAMILY_BY_TYPE.put("customer.created", "customer");
        FAMILY_BY_TYPE.put("customer.updated", "customer");
        FAMILY_BY_TYPE.put("invoice.paid", "invoice");
        FAMILY_BY_TYPE.put("invoice.payment_failed", "invoice");
    }

    /** Trigger event names a new endpoint starts with, as a hosted product suggests them. */
    private static final Map<String, String> SUGGESTED_TRIGGER_EVENTS = Map.of(
            "customer.created", "newStripeCustomer",
            "invoice.paid", "successfulPayment",
            "invoice.payment_failed", "failedPayment");

    /** The family of a supported type, or null when the type is not supported. */
    public String familyOf(String eventType) {
        return eventType == null ? null : FAMILY_BY_TYPE.get(eventType);
    }

    public boolean isSupported(String eventType) {
        return familyOf(eventType) != null;
    }

    /** Supported types in a stable order, for messages and validation. */
    public Set<String> supported() {
        return FAMILY_BY_TYPE.keySet();
    }

    public String suggestedTriggerEvent(String eventType) {
        return SUGGESTED_TRIGGER_EVENTS.get(eventType);
    }
}
