package dev.loops.webhooks.contact;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A contact as the admin API shows it, with the platform identities it is known by (a Stripe customer, a Clerk
 * user, ...). {@code identities} replaced {@code stripeCustomerId}.
 */
public record ContactView(
        long id,
        String email,
        String firstName,
        String lastName,
        String source,
        String userGroup,
        boolean subscribed,
        List<Identity> identities,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Membership> mailingLists) {

    /** A platform's id for the person: {@code {"provider": "clerk", "id": "user_2x..."}}. */
    public record Identity(String provider, String id) {
    }

    /** A mailing list the contact is subscribed to. */
    public record Membership(String id, String name, OffsetDateTime subscribedAt) {
    }

    ContactView with(List<Identity> knownAs, List<Membership> memberships) {
        return new ContactView(id, email, firstName, lastName, source, userGroup, subscribed, knownAs, createdAt,
                updatedAt, memberships);
    }
}
