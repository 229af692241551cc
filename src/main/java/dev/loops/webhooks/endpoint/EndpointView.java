package dev.loops.webhooks.endpoint;

import java.time.OffsetDateTime;
import java.util.Map;

/** An endpoint as the admin API shows it: signing secrets never leave the service, only a hint. */
public record EndpointView(
        String id,
        String provider,
        String name,
        String url,
        String signingSecretHint,
        String userGroup,
        boolean enabled,
        Map<String, EventSettings> events,
        String managedBy,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public static EndpointView of(WebhookEndpoint endpoint, String url) {
        return new EndpointView(endpoint.id(), endpoint.provider(), endpoint.name(), url,
                hint(endpoint.signingSecret()), endpoint.userGroup(), endpoint.enabled(), endpoint.events(),
                endpoint.managedBy(), endpoint.createdAt(), endpoint.updatedAt());
    }

    /** "whsec_…Ab3d": enough to tell two secrets apart, far too little to sign with. */
    static String hint(String secret) {
        if (secret == null) {
            return null;
        }
        return secret.length() <= 16 ? "whsec_…" : "whsec_…" + secret.substring(secret.length() - 4);
    }
}
