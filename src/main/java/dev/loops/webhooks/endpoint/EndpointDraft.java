package dev.loops.webhooks.endpoint;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAlias;

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
        // the platform API key (a restricted Stripe key); stripeApiKey, its name before Clerk and Supabase, still works
        @JsonAlias("stripeApiKey") String apiKey) {
}
