package dev.loops.webhooks.webhook;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * The Stripe event types this service understands, by family. The family names the branch of the
 * {@code stripe-webhook} route that knows where that family keeps the email, name, customer id and
 * trigger event properties: supporting a new type of a known family is one line here.
 */
@Component("stripeEventTypes")
public class StripeEventTypes {

    private static final Map<String, String> FAMILY_BY_TYPE = new LinkedHashMap<>();

    static {
        family("checkout", "checkout.session.completed", "checkout.session.async_payment_succeeded",
                "checkout.session.async_payment_failed");
        family("customer", "customer.created", "customer.updated", "customer.deleted");
        family("subscription", "customer.subscription.created", "customer.subscription.paused",
                "customer.subscription.resumed", "customer.subscription.trial_will_end", "customer.subscription.deleted");
        family("invoice", "invoice.paid", "invoice.payment_failed", "invoice.upcoming");
        family("dispute", "charge.dispute.created", "charge.dispute.closed");
        family("quote", "quote.finalized", "quote.accepted", "quote.canceled");
    }

    /** Types whose contact is removed or unsubscribed (per the endpoint's deletion action), never created. */
    private static final Set<String> DELETIONS = Set.of("customer.deleted");

    /** Trigger event names a new endpoint starts with, as a hosted product suggests them. */
    private static final Map<String, String> SUGGESTED_TRIGGER_EVENTS = Map.of(
            "customer.created", "newStripeCustomer",
            "invoice.paid", "successfulPayment",
            "invoice.payment_failed", "failedPayment");

    private static void family(String family, String... types) {
        for (String type : types) {
            FAMILY_BY_TYPE.put(type, family);
        }
    }

    /** The family of a supported type, or null when the type is not supported. */
    public String familyOf(String eventType) {
        return eventType == null ? null : FAMILY_BY_TYPE.get(eventType);
    }

    public boolean isSupported(String eventType) {
        return familyOf(eventType) != null;
    }

    public boolean isDeletion(String eventType) {
        return DELETIONS.contains(eventType);
    }

    /** Supported types in a stable order, for messages and validation. */
    public Set<String> supported() {
        return FAMILY_BY_TYPE.keySet();
    }

    public String suggestedTriggerEvent(String eventType) {
        return SUGGESTED_TRIGGER_EVENTS.get(eventType);
    }
}
