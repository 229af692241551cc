package dev.loops.webhooks.webhook;

import java.time.OffsetDateTime;

import dev.loops.webhooks.endpoint.WebhookEndpoint;

/**
 * An event whose signature proved it came from the platform: the endpoint it was sent to, the exact payload, and,
 * once its envelope is read, its id (what duplicates are recognised by), type and time (what orders updates of a
 * contact).
 */
public record VerifiedEvent(WebhookEndpoint endpoint, String platform, String payload, String messageId, String id,
                            String type, OffsetDateTime occurredAt) {

    public static VerifiedEvent signed(WebhookEndpoint endpoint, String platform, String payload, String messageId) {
        return new VerifiedEvent(endpoint, platform, payload, messageId, null, null, null);
    }

    public VerifiedEvent withEnvelope(String eventId, String eventType, OffsetDateTime eventTime) {
        return new VerifiedEvent(endpoint, platform, payload, messageId, eventId, eventType, eventTime);
    }

    public String endpointId() {
        return endpoint.id();
    }
}
