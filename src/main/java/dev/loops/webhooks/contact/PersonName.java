package dev.loops.webhooks.contact;

import dev.loops.webhooks.webhook.EventValues;

/**
 * A platform's single "name" field split into first and last name: the first word, and the rest.
 * Either part is null when unknown, so a sync never overwrites a known name with nothing.
 */
public record PersonName(String firstName, String lastName) {

    public static final PersonName UNKNOWN = new PersonName(null, null);

    public static PersonName split(String fullName) {
        if (fullName == null || fullName.isBlank()) {
            return UNKNOWN;
        }
        String[] parts = EventValues.fit(fullName, Integer.MAX_VALUE).trim().split("\\s+", 2);
        if (parts[0].isEmpty()) {
            return UNKNOWN;
        }
        return new PersonName(limit(parts[0]), parts.length > 1 ? limit(parts[1]) : null);
    }

    /** The columns hold 200 characters. */
    private static String limit(String part) {
        return EventValues.fit(part, 200);
    }
}
