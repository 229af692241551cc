package dev.loops.webhooks.contact;

import java.util.Locale;
import java.util.regex.Pattern;

/** Email addresses as contacts are matched: trimmed, and compared by their lower-cased form. */
public final class EmailAddress {

    /** Deliberately loose: one @, something on each side, a dot in the domain, no spaces or control characters. */
    private static final Pattern PLAUSIBLE = Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+");
    private static final int COLUMN_LENGTH = 320;

    private EmailAddress() {
    }

    /** The address trimmed, or null when it is missing or not plausibly an address. */
    public static String clean(String raw) {
        if (raw == null) {
            return null;
        }
        String trimmed = raw.trim();
        // lower-casing can lengthen a string (İ is two characters lower-cased): the key must fit too
        boolean fits = trimmed.length() <= COLUMN_LENGTH && key(trimmed).length() <= COLUMN_LENGTH;
        return fits && PLAUSIBLE.matcher(trimmed).matches() && !hasUnpairedSurrogate(trimmed) ? trimmed : null;
    }

    private static boolean hasUnpairedSurrogate(String text) {
        return !EventValues.fit(text, Integer.MAX_VALUE).equals(text);
    }

    /** The form contacts are matched by, so Jane@Example.com and jane@example.com are one contact. */
    public static String key(String email) {
        return email.toLowerCase(Locale.ROOT);
    }
}
