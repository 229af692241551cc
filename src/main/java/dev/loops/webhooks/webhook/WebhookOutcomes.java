package dev.loops.webhooks.webhook;

import java.sql.SQLTransientException;
import java.util.List;

import dev.loops.webhooks.endpoint.EndpointIds;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Decides what a delivery's outcome is and how it is explained, in the variables {@code outcome},
 * {@code httpStatus}, {@code errorCode} and {@code outcomeMessage} that the webhook log and the reply read.
 */
@Component("webhookOutcomes")
public class WebhookOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookOutcomes.class);

    /**
     * Failures that mean the database cannot be used right now: down, pool exhausted, a lock or deadline reached,
     * a commit or rollback on a connection that died, or the circuit breaker open after such failures.
     */
    private static final List<Class<? extends Throwable>> DATABASE_UNAVAILABLE = List.of(
            DataAccessResourceFailureException.class, TransientDataAccessException.class, TransactionException.class,
            SQLTransientException.class, CallNotPermittedException.class);

    private final StripeEventTypes stripeEventTypes;

    public WebhookOutcomes(StripeEventTypes stripeEventTypes) {
        this.stripeEventTypes = stripeEventTypes;
    }

    public void processed(Exchange exchange) {
        String email = exchange.getVariable("email", String.class);
        String action = exchange.getVariable("contactAction", String.class);
        String triggerEvent = exchange.getVariable("triggerEvent", String.class);
        StringBuilder message = new StringBuilder("Contact ").append(email).append(' ').append(action).append('.');
        String previousEmail = exchange.getVariable("previousEmail", String.class);
        if (previousEmail != null) {
            message.append(Boolean.TRUE.equals(exchange.getVariable("emailMoved", Boolean.class))
                    ? " Its email changed from " + previousEmail + "."
                    : " Stripe reported the email changed from " + previousEmail + ", but " + email
                            + " already had its own contact, so that one was updated and any contact at the old"
                            + " address was left as it was.");
        }
        if (triggerEvent != null) {
            message.append(" Trigger event ").append(triggerEvent).append(" recorded.");
        }
        set(exchange, "processed", 200, null, message.toString());
    }

    public void noContactToRemove(Exchange exchange) {
        ignored(exchange, "No contact has the address " + exchange.getVariable("email", String.class)
                + ", so there is nothing to remove. Nothing was changed.");
    }

    public void duplicate(Exchange exchange) {
        set(exchange, "duplicate", 200, null, "Event " + exchange.getVariable("eventId", String.class)
                + " was already processed by this endpoint; nothing was changed.");
    }

    public void unsupportedType(Exchange exchange) {
        ignored(exchange, "Event type " + exchange.getVariable("eventType", String.class) + " is not supported, so it "
                + "was ignored. Supported: " + String.join(", ", stripeEventTypes.supported()) + ".");
    }

    /**
     * A jq expression of the event's type failed on the event (an object where the platform documents a string,
     * say): the event cannot be read the way its type says, and no retry changes that.
     */
    public void unreadableFields(Exchange exchange) {
        ignored(exchange, "The " + exchange.getVariable("eventType", String.class) + " event has fields of other "
                + "types than the platform documents for it, where this service reads the contact and the trigger "
                + "event's properties, so it was ignored. Nothing was changed.");
    }

    public void ignored(Exchange exchange, String message) {
        set(exchange, "ignored", 200, null, message);
    }

    /** A {@link WebhookRejectedException}: the request is answered 4xx and changes nothing. */
    public void rejected(Exchange exchange) {
        WebhookRejectedException rejection = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, WebhookRejectedException.class);
        set(exchange, "rejected", rejection.reason().status(), rejection.reason().code(), rejection.getMessage());
    }

    /**
     * Any other failure: nothing was written (the transaction rolled back), and the platform should retry.
     * 503 with Retry-After when a dependency is away (the database, Stripe's API), 500 for a fault of this
     * service, logged with its stack trace (never the body).
     */
    public void failure(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        UpstreamUnavailableException upstream = find(cause, UpstreamUnavailableException.class);
        if (upstream != null) {
            LOG.warn("Webhook {} not processed: {}", exchange.getVariable("eventId"), upstream.getMessage());
            set(exchange, "unavailable", 503, "unavailable", upstream.getMessage());
        } else if (isDatabaseUnavailable(cause)) {
            LOG.warn("Webhook {} not processed, database unavailable: {}", exchange.getVariable("eventId"), rootCause(cause));
            exchange.setVariable("databaseUnavailable", true);
            set(exchange, "unavailable", 503, "unavailable",
                    "The service cannot reach its database right now; nothing was written. Please retry.");
        } else {
            LOG.error("Webhook {} ({}) failed on endpoint {}", exchange.getVariable("eventId"),
                    exchange.getVariable("eventType"), EndpointIds.label(exchange.getVariable("endpointId", String.class)), cause);
            set(exchange, "failed", 500, "internal_error", "The service failed to process this event; nothing was "
                    + "written. It will succeed on a retry once the fault is fixed.");
        }
    }

    static boolean isDatabaseUnavailable(Throwable failure) {
        return DATABASE_UNAVAILABLE.stream().anyMatch(type -> find(failure, type) != null);
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable current = failure; current != null; current = current.getCause() == current ? null : current.getCause()) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
        }
        return null;
    }

    /** The innermost cause's class and message: what actually went wrong, without the wrappers around it. */
    static String rootCause(Throwable failure) {
        if (failure == null) {
            return "";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static void set(Exchange exchange, String outcome, int status, String errorCode, String message) {
        exchange.setVariable("outcome", outcome);
        exchange.setVariable("httpStatus", status);
        exchange.setVariable("errorCode", errorCode);
        exchange.setVariable("outcomeMessage", message);
    }
}
