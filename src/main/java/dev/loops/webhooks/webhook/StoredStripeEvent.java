package dev.loops.webhooks.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import dev.loops.webhooks.endpoint.EndpointDirectory;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * First step of a replay: reads the payload the webhook log stored for delivery {@code replayOf} (verified when
 * it arrived) and sets the same variables a live delivery's verification sets.
 */
@Component("storedStripeEvent")
public class StoredStripeEvent implements Processor {

    private final JdbcClient jdbc;
    private final EndpointDirectory endpoints;
    private final StripeEventEnvelope envelope;
    private final Clock clock;

    public StoredStripeEvent(JdbcClient jdbc, EndpointDirectory endpoints, StripeEventEnvelope envelope, Clock clock) {
        this.jdbc = jdbc;
        this.endpoints = endpoints;
        this.envelope = envelope;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        Instant now = clock.instant();
        exchange.setVariable("receivedAt", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        Map<String, Object> delivery = jdbc.sql("SELECT endpoint_id, provider, payload FROM webhook_delivery WHERE id = :id")
                .param("id", exchange.getVariable("replayOf", Long.class))
                .query()
                .singleRow();
        exchange.setVariable("provider", delivery.get("provider"));
        WebhookEndpoint endpoint = endpoints.find((String) delivery.get("endpoint_id"))
                .filter(WebhookEndpoint::enabled)
                .orElseThrow(WebhookRejectedException::unknownEndpoint);
        exchange.setVariable("endpoint", endpoint);
        exchange.setVariable("endpointId", endpoint.id());
        String payload = (String) delivery.get("payload");
        exchange.setVariable("payload", payload);
        envelope.read(payload.getBytes(StandardCharsets.UTF_8), exchange, now);
    }
}
