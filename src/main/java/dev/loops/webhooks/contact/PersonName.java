package dev.loops.webhooks.contact;

/**
 * A platform's single "name" field split into first and last name: the first word, and the rest.
 * Either part is null when unknown, so a sync never overwrites a known name with nothing.
 */
public record PersonName(String firstName, String lastName) {

    public static final PersonName UNKNOWN = new PersonName(null, null);

    /** First and last name as a platform keeps them apart (not split). */
    public static PersonName of(String firstName, String lastName) {
        return new PersonName(firstName == null ? null : blankToNull(limit(firstName.trim())),
                lastName == null ? null : blankToNull(limit(lastName.trim())));
    }

    private static String blankToNull(String part) {
        return part.isBlank() ? null : part;
    }

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
