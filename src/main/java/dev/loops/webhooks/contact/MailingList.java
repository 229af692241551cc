package dev.loops.webhooks.contact;

import java.time.OffsetDateTime;

/** A list contacts can be subscribed to; endpoints name lists by id in their event settings. */
public record MailingList(String id, String name, String description, OffsetDateTime createdAt) {
}
