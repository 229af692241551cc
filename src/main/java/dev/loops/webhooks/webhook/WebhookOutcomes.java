package dev.loops.webhooks.webhook;

import java.sql.SQLTransientException;
import java.util.List;

import dev.loops.webhooks.endpoint.EndpointIds;
import dev.loops.webhooks.platform.PlatformUnavailableException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Decides what a delivery's outcome is and how it is explained ({@link Variables#RESULT}), which the webhook log
 * and the reply read.
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

    public void processed(Exchange exchange) {
        ContactChange change = exchange.getVariable(Variables.CHANGE, ContactChange.class);
        String action = exchange.getVariable(Variables.CONTACT_ACTION, String.class);
        String triggerEvent = exchange.getVariable(Variables.TRIGGER_EVENT, String.class);
        String who = change.email() != null ? change.email() : "with id " + change.identity();
        StringBuilder message = new StringBuilder("Contact ").append(who).append(' ').append(action).append('.');
        if (change.previousEmail() != null) {
            message.append(Boolean.TRUE.equals(exchange.getVariable(Variables.EMAIL_MOVED, Boolean.class))
                    ? " Its email changed from " + change.previousEmail() + "."
                    : " The platform reported the email changed from " + change.previousEmail() + ", but "
                            + change.email() + " already had its own contact, so that one was updated and any contact "
                            + "at the old address was left as it was.");
        } else if (Boolean.TRUE.equals(exchange.getVariable(Variables.EMAIL_MOVED, Boolean.class))) {
            message.append(" Its email changed to this address.");
        }
        if (triggerEvent != null) {
            message.append(" Trigger event ").append(triggerEvent).append(" recorded.");
        } else if (change.triggerEvent() != null) {
            message.append(" No trigger event: nothing the contact holds changed.");
        }
        set(exchange, Outcome.PROCESSED, 200, null, message.toString());
    }

    public void noContactToRemove(Exchange exchange) {
        ContactChange change = exchange.getVariable(Variables.CHANGE, ContactChange.class);
        String who = change.email() != null ? "the address " + change.email() : "the id " + change.identity();
        ignored(exchange, "No contact has " + who + ", so there is nothing to remove. Nothing was changed.");
    }

    public void duplicate(Exchange exchange) {
        set(exchange, Outcome.DUPLICATE, 200, null, "Event " + exchange.getVariable(Variables.EVENT, VerifiedEvent.class).id()
                + " was already processed by this endpoint; nothing was changed.");
    }

    /**
     * A jq expression of the event's type failed on the event (an object where the platform documents a string,
     * say): the event cannot be read the way its type says, and no retry changes that.
     */
    public void unreadableFields(Exchange exchange) {
        VerifiedEvent event = exchange.getVariable(Variables.EVENT, VerifiedEvent.class);
        String type = event == null || event.type() == null ? "" : event.type() + " ";
        ignored(exchange, "The " + type + "event has fields of other types than the platform documents for it, where "
                + "this service reads the contact and the trigger event's properties, so it was ignored. Nothing was changed.");
    }

    public void ignored(Exchange exchange, String message) {
        set(exchange, Outcome.IGNORED, 200, null, message);
    }

    /** A {@link WebhookRejectedException}: the request is answered 4xx and changes nothing. */
    public void rejected(Exchange exchange) {
        WebhookRejectedException rejection = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, WebhookRejectedException.class);
        set(exchange, Outcome.REJECTED, rejection.reason().status(), rejection.reason().code(), rejection.getMessage());
    }

    /**
     * Any other failure: nothing was written (the transaction rolled back), and the platform should retry.
     * 503 with Retry-After when a dependency is away (the database, the platform's API), 500 for a fault of this
     * service, logged with its stack trace (never the body).
     */
    public void failure(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        VerifiedEvent event = exchange.getVariable(Variables.EVENT, VerifiedEvent.class);
        String eventId = event == null ? null : event.id();
        PlatformUnavailableException upstream = find(cause, PlatformUnavailableException.class);
        if (upstream != null) {
            LOG.warn("Webhook {} not processed: {}", eventId, upstream.getMessage());
            set(exchange, Outcome.UNAVAILABLE, 503, "unavailable", upstream.getMessage());
        } else if (isDatabaseUnavailable(cause)) {
            LOG.warn("Webhook {} not processed, database unavailable: {}", eventId, rootCause(cause));
            exchange.setVariable(Variables.DATABASE_UNAVAILABLE, true);
            set(exchange, Outcome.UNAVAILABLE, 503, "unavailable",
                    "The service cannot reach its database right now; nothing was written. Please retry.");
        } else {
            Delivery delivery = exchange.getVariable(Variables.DELIVERY, Delivery.class);
            LOG.error("Webhook {} ({}) failed on endpoint {}", eventId, event == null ? null : event.type(),
                    EndpointIds.label(delivery == null ? null : delivery.endpointId()), cause);
            set(exchange, Outcome.FAILED, 500, "internal_error", "The service failed to process this event; nothing was "
                    + "written. It will succeed on a retry once the fault is fixed.");
        }
    }

    public static boolean isDatabaseUnavailable(Throwable failure) {
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

    private static void set(Exchange exchange, Outcome outcome, int status, String errorCode, String message) {
        exchange.setVariable(Variables.RESULT, new DeliveryResult(outcome, status, errorCode, message));
    }
}
