package dev.loops.webhooks.endpoint;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A URL a platform posts its webhooks to, with the secret that proves a request came from that platform
 * and the event types it processes.
 */
public record WebhookEndpoint(
        String id,
        String provider,
        String name,
        String signingSecret,
        String previousSigningSecret,
        OffsetDateTime previousSecretExpiresAt,
        String userGroup,
        Map<String, EventSettings> events,
        String apiKey,
        boolean enabled,
        String managedBy,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public static final String MANAGED_BY_API = "api";
    public static final String MANAGED_BY_CONFIG = "config";

    /** Secrets a signature may be made with at {@code now}: the current one, and the previous one until it expires. */
    public List<String> secretsValidAt(Instant now) {
        List<String> secrets = new ArrayList<>(2);
        if (signingSecret != null) {
            secrets.add(signingSecret);
        }
        if (previousSigningSecret != null && previousSecretExpiresAt != null
                && now.isBefore(previousSecretExpiresAt.toInstant())) {
            secrets.add(previousSigningSecret);
        }
        return secrets;
    }

    /** The settings of an event type this endpoint processes, or null when the type is not enabled. */
    public EventSettings enabledSettings(String eventType) {
        EventSettings settings = events.get(eventType);
        return settings != null && settings.active() ? settings : null;
    }

    public boolean isManagedByConfig() {
        return MANAGED_BY_CONFIG.equals(managedBy);
    }
}
