package dev.loops.webhooks.endpoint;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An endpoint as the admin API shows it: signing secrets never leave the service, only a hint. */
public record EndpointView(
        String id,
        String provider,
        String name,
        String url,
        String signingSecretHint,
        String previousSigningSecretHint,
        OffsetDateTime previousSigningSecretExpiresAt,
        String userGroup,
        boolean enabled,
        Map<String, EventSettings> events,
        String apiKeyHint,
        String managedBy,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) SecretHeader secretHeader) {

    /**
     * For a platform that signs nothing (Supabase), the header and value the endpoint issued, to add to the
     * platform's hook: in the answer to a create or a rotation only, never again.
     */
    public record SecretHeader(String name, String value) {
    }

    private static final Pattern KIND = Pattern.compile("whsec_|[rs]k_(live|test)_");

    public static EndpointView of(WebhookEndpoint endpoint, String url, OffsetDateTime now) {
        boolean previousValid = endpoint.previousSigningSecret() != null && endpoint.previousSecretExpiresAt() != null
                && endpoint.previousSecretExpiresAt().isAfter(now);
        return new EndpointView(endpoint.id(), endpoint.provider(), endpoint.name(), url,
                hint(endpoint.signingSecret()), previousValid ? hint(endpoint.previousSigningSecret()) : null,
                previousValid ? endpoint.previousSecretExpiresAt() : null,
                endpoint.userGroup(), endpoint.enabled(), endpoint.events(),
                hint(endpoint.apiKey()), endpoint.managedBy(), endpoint.createdAt(), endpoint.updatedAt(), null);
    }

    /** This view with the endpoint's issued secret header, shown once. */
    public EndpointView withSecretHeader(String headerName, String value) {
        return new EndpointView(id, provider, name, url, signingSecretHint, previousSigningSecretHint,
                previousSigningSecretExpiresAt, userGroup, enabled, events, apiKeyHint, managedBy, createdAt, updatedAt,
                new SecretHeader(headerName, value));
    }

    /** "whsec_…Ab3d", "rk_live_…Ab3d": the kind and last four characters, enough to tell two apart and no more. */
    static String hint(String secret) {
        if (secret == null) {
            return null;
        }
        Matcher kind = KIND.matcher(secret);
        String prefix = kind.lookingAt() ? kind.group() : "";
        return secret.length() <= 16 ? prefix + "…" : prefix + "…" + secret.substring(secret.length() - 4);
    }
}
