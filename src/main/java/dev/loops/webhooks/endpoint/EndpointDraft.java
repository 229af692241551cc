package dev.loops.webhooks.endpoint;

import java.util.Map;

/**
 * Endpoint fields as a caller sends them: on create, missing fields take defaults; on update, missing
 * (null) fields keep their current value.
 */
public record EndpointDraft(
        String provider,
        String name,
        String signingSecret,
        String userGroup,
        Boolean enabled,
        Map<String, EventSettings> events,
        String stripeApiKey) {
}
