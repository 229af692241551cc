package dev.loops.webhooks.contact;

import java.time.OffsetDateTime;

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
        OffsetDateTime updatedAt) {
}
