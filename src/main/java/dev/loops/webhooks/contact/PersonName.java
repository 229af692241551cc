package dev.loops.webhooks.contact;

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
        String[] parts = fullName.trim().split("\\s+", 2);
        return new PersonName(limit(parts[0]), parts.length > 1 ? limit(parts[1]) : null);
    }

    private static String limit(String part) {
        return part.codePointCount(0, part.length()) > 200 ? part.substring(0, part.offsetByCodePoints(0, 200)) : part;
    }
}
