package dev.loops.webhooks.contact;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

public record ContactView(
        long id,
        String email,
        String firstName,
        String lastName,
        String source,
        String userGroup,
        String stripeCustomerId,
        boolean subscribed,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Membership> mailingLists) {

    /** A mailing list the contact is subscribed to. */
    public record Membership(String id, String name, OffsetDateTime subscribedAt) {
    }

    ContactView withMailingLists(List<Membership> memberships) {
        return new ContactView(id, email, firstName, lastName, source, userGroup, stripeCustomerId, subscribed,
                createdAt, updatedAt, memberships);
    }
}
