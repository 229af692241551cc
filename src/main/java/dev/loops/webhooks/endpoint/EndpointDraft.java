package dev.loops.webhooks.endpoint;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAlias;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Endpoint fields as a caller sends them: on create, missing fields take defaults; on update, missing
 * (null) fields keep their current value.
 */
public record EndpointDraft(
        @Schema(description = "The platform: a platform file's name, e.g. stripe, clerk, supabase", example = "stripe")
        String provider,
        @Schema(description = "Required on create; at most 200 characters", example = "Stripe live")
        String name,
        @Schema(description = "The secret the platform signs with (Stripe's and Clerk's whsec_...); a platform whose "
                + "scheme issues secrets gets one when none is given", writeOnly = true)
        String signingSecret,
        @Schema(description = "The user group of contacts this endpoint creates")
        String userGroup,
        Boolean enabled,
        @Schema(description = "What to do with each event type, by type; types left out are ignored")
        Map<String, EventSettings> events,
        // the platform API key (a restricted Stripe key); stripeApiKey, its name before Clerk and Supabase, still works
        @Schema(description = "A platform API key for events that name no email (a restricted Stripe key that may read "
                + "customers and charges)", writeOnly = true)
        @JsonAlias("stripeApiKey") String apiKey) {
}
