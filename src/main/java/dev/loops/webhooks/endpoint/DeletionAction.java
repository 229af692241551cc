package dev.loops.webhooks.endpoint;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a deletion event (Stripe's {@code customer.deleted}) does to the contact. */
public enum DeletionAction {
    /** Keep the contact and mark it unsubscribed (the default). */
    UNSUBSCRIBE,
    /** Delete the contact and its mailing list memberships; its trigger events stay, unlinked. */
    DELETE,
    /** Leave the contact as it is. */
    NONE;

    @JsonValue
    public String value() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static DeletionAction of(String value) {
        for (DeletionAction action : values()) {
            if (action.value().equalsIgnoreCase(value)) {
                return action;
            }
        }
        throw new IllegalArgumentException("deletionAction must be unsubscribe, delete or none");
    }
}
