package dev.loops.webhooks.webhook;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loops.webhooks.endpoint.EndpointIds;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the answer the platform sees (status and JSON body from {@link Variables#RESULT}) and one log line per
 * delivery. Request headers are dropped first, so nothing the sender sent is echoed back.
 */
@Component("webhookResponder")
public class WebhookResponder implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger("webhooks.deliveries");
    private static final String RETRY_AFTER_SECONDS = "5";

    private final ObjectMapper json;
    private final WebhookLog webhookLog;
    private final WebhookMetrics metrics;
    private final DatabaseCircuit databaseCircuit;

    public WebhookResponder(ObjectMapper json, WebhookLog webhookLog, WebhookMetrics metrics,
                            DatabaseCircuit databaseCircuit) {
        this.json = json;
        this.webhookLog = webhookLog;
        this.metrics = metrics;
        this.databaseCircuit = databaseCircuit;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        DeliveryResult result = exchange.getVariable(Variables.RESULT, DeliveryResult.class);
        VerifiedEvent event = exchange.getVariable(Variables.EVENT, VerifiedEvent.class);

        ObjectNode body = json.createObjectNode();
        if (result.errorCode() != null) {
            body.put("error", result.errorCode());
        } else {
            body.put("status", result.outcome().value());
            body.put("eventId", event == null ? null : event.id());
            if (result.outcome() == Outcome.PROCESSED) {
                ContactChange change = exchange.getVariable(Variables.CHANGE, ContactChange.class);
                ObjectNode contact = body.putObject("contact");
                contact.put("email", change.email());
                contact.put("action", exchange.getVariable(Variables.CONTACT_ACTION, String.class));
                body.put("triggeredEvent", exchange.getVariable(Variables.TRIGGER_EVENT, String.class));
            }
        }
        body.put("message", result.message());

        Message reply = exchange.getMessage();
        reply.removeHeaders("*");
        reply.setHeader(Exchange.HTTP_RESPONSE_CODE, result.httpStatus());
        reply.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (result.httpStatus() == 503) {
            reply.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        reply.setBody(json.writeValueAsBytes(body));

        databaseCircuit.leave(exchange, result.outcome() == Outcome.UNAVAILABLE
                && WebhookOutcomes.isDatabaseUnavailable(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)));
        record(exchange, result, event);
    }

    /** One log line and the metrics of a delivery; fields as key-values too, for the JSON log format. */
    private void record(Exchange exchange, DeliveryResult result, VerifiedEvent event) {
        Delivery delivery = exchange.getVariable(Variables.DELIVERY, Delivery.class);
        String provider = delivery == null ? null : delivery.platform();
        String endpointId = delivery == null ? null : delivery.endpointId();
        String endpoint = EndpointIds.label(endpointId);
        String eventId = event == null ? null : event.id();
        String eventType = event == null ? null : event.type();
        String outcome = result.outcome().value();
        int status = result.httpStatus();
        long latency = webhookLog.latencyMillis(exchange);
        LOG.atInfo()
                .addKeyValue("provider", provider).addKeyValue("endpoint", endpoint).addKeyValue("event", eventId)
                .addKeyValue("type", eventType).addKeyValue("outcome", outcome).addKeyValue("status", status)
                .addKeyValue("latencyMs", latency)
                .log("provider={} endpoint={} event={} type={} outcome={} status={} latencyMs={}",
                        provider, endpoint, eventId, eventType, outcome, status, latency);
        metrics.delivery(provider, endpointId, eventType, outcome, Duration.ofMillis(latency));
        if (result.outcome() == Outcome.PROCESSED) {
            metrics.contactChanged(exchange.getVariable(Variables.CONTACT_ACTION, String.class));
            String triggerEvent = exchange.getVariable(Variables.TRIGGER_EVENT, String.class);
            if (triggerEvent != null) {
                metrics.triggerEventRecorded(triggerEvent);
            }
        }
    }
}
