package dev.loops.webhooks.platform;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Finds who an event is about through the platform's API, for events that carry only an id (a Stripe
 * subscription names only its customer). Used when the endpoint has an API key. Throws
 * {@link PlatformUnavailableException} when the API cannot answer now, so the platform retries.
 */
public interface PersonLookup {

    /**
     * @param apiKey the endpoint's key for the platform's API
     * @param person what the event's family read ({@code identity} and any ids of its own)
     */
    Optional<FoundPerson> find(String apiKey, JsonNode person);

    /** Why a key a user gave cannot be one of this platform's API keys, if it cannot (names the expected form). */
    default Optional<String> apiKeyProblem(String apiKey) {
        return Optional.empty();
    }

    /** What the API knows: the email, the name (split like the platform's single name field) and the identity. */
    record FoundPerson(String email, String name, String identity) {
    }
}
