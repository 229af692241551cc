package dev.loops.webhooks.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    public WebhookResponder(ObjectMapper json, WebhookLog webhookLog) {
        this.json = json;
        this.webhookLog = webhookLog;
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

        LOG.info("provider={} endpoint={} event={} type={} outcome={} status={} latencyMs={}",
                exchange.getVariable("provider"), exchange.getVariable("endpointId"), exchange.getVariable("eventId"),
                exchange.getVariable("eventType"), outcome, status, webhookLog.latencyMillis(exchange));
    }
}
