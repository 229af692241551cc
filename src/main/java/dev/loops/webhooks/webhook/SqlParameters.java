package dev.loops.webhooks.webhook;

import java.util.HashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The parameters of an event's SQL statements (sql/*.sql, {@code :#email}), as the message body of the steps that
 * apply it. camel-sql reads a name from a Map body directly; a {@code :#${variable.change.email}} parameter instead
 * costs it a copy of the exchange and an expression per parameter per statement, which bench/profile.sh found to
 * be a sixth of the service's CPU per webhook. Names the statements need that are set on the way (contactId,
 * moveFromKey, triggerEventId, triggerRecord) are read from the variables of the same name.
 */
@Component("sqlParameters")
public class SqlParameters {

    public Map<String, Object> of(Exchange exchange) {
        VerifiedEvent event = exchange.getVariable(Variables.EVENT, VerifiedEvent.class);
        ContactChange change = exchange.getVariable(Variables.CHANGE, ContactChange.class);
        // a HashMap: a parameter may be null (a contact without a first name), and must still be found by name
        Map<String, Object> parameters = new HashMap<>(32);
        parameters.put("endpointId", event.endpointId());
        parameters.put("eventId", event.id());
        parameters.put("platform", event.platform());
        parameters.put("eventType", event.type());
        parameters.put("occurredAt", event.occurredAt());
        // no change: the event is ignored, and only its webhook log row is written (with a body of its own)
        if (change != null) {
            parameters.put("email", change.email());
            parameters.put("emailKey", change.emailKey());
            parameters.put("firstName", change.firstName());
            parameters.put("lastName", change.lastName());
            parameters.put("source", change.source());
            parameters.put("userGroup", change.userGroup());
            parameters.put("identity", change.identity());
            parameters.put("triggerEventName", change.triggerEvent());
            parameters.put("mailingListIds", change.mailingListIds());
        }
        return parameters;
    }
}
