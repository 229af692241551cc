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
 * Writes the answer the platform sees (status and JSON body from the outcome variables) and one log line
 * per delivery. Request headers are dropped first, so nothing the sender sent is echoed back.
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
        int status = exchange.getVariable("httpStatus", 200, Integer.class);
        String outcome = exchange.getVariable("outcome", String.class);
        String errorCode = exchange.getVariable("errorCode", String.class);
        String message = exchange.getVariable("outcomeMessage", String.class);

        ObjectNode body = json.createObjectNode();
        if (errorCode != null) {
            body.put("error", errorCode);
        } else {
            body.put("status", outcome);
            body.put("eventId", exchange.getVariable("eventId", String.class));
            if ("processed".equals(outcome)) {
                ObjectNode contact = body.putObject("contact");
                contact.put("email", exchange.getVariable("email", String.class));
                contact.put("action", exchange.getVariable("contactAction", String.class));
                body.put("triggeredEvent", exchange.getVariable("triggerEvent", String.class));
            }
        }
        body.put("message", message);

        Message reply = exchange.getMessage();
        reply.removeHeaders("*");
        reply.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        reply.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (status == 503) {
            reply.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        reply.setBody(json.writeValueAsBytes(body));

        databaseCircuit.leave(exchange, "unavailable".equals(outcome)
                && WebhookOutcomes.isDatabaseUnavailable(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)));
        record(exchange, outcome, status);
    }

    /** One log line and the metrics of a delivery; fields as key-values too, for the JSON log format. */
    private void record(Exchange exchange, String outcome, int status) {
        String provider = exchange.getVariable("provider", String.class);
        String endpointId = exchange.getVariable("endpointId", String.class);
        String endpoint = EndpointIds.label(endpointId);
        String eventId = exchange.getVariable("eventId", String.class);
        String eventType = exchange.getVariable("eventType", String.class);
        long latency = webhookLog.latencyMillis(exchange);
        LOG.atInfo()
                .addKeyValue("provider", provider).addKeyValue("endpoint", endpoint).addKeyValue("event", eventId)
                .addKeyValue("type", eventType).addKeyValue("outcome", outcome).addKeyValue("status", status)
                .addKeyValue("latencyMs", latency)
                .log("provider={} endpoint={} event={} type={} outcome={} status={} latencyMs={}",
                        provider, endpoint, eventId, eventType, outcome, status, latency);
        metrics.delivery(provider, endpointId, eventType, outcome, Duration.ofMillis(latency));
        if ("processed".equals(outcome)) {
            String action = exchange.getVariable("contactAction", String.class);
            metrics.contactChanged(action);
            String triggerEvent = exchange.getVariable("triggerEvent", String.class);
            if (triggerEvent != null) {
                metrics.triggerEventRecorded(triggerEvent);
            }
        }
    }
}
