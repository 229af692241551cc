package dev.loops.webhooks.importing;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A platform's existing users, page by page, each as the platform's event about them would be (Stripe: a
 * {@code customer.updated} of the customer). A platform's route file names its source ({@code audience}).
 */
public interface AudienceSource {

    /**
     * The page after {@code position} (null: the first page), read with the endpoint's API key.
     *
     * @throws AudienceReadException when the platform refuses the key or cannot answer
     */
    Page page(String apiKey, String position);

    /** @param last whether no page follows */
    record Page(List<User> users, boolean last) {
    }

    /**
     * @param id       the platform's id for the user
     * @param position the cursor once this user is applied (the next page starts after it)
     * @param type     the event type it is applied as
     * @param event    the event about the user, as the platform would send it
     */
    record User(String id, String position, String type, JsonNode event) {
    }
}
