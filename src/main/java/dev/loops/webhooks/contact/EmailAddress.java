package dev.loops.webhooks.contact;

import java.util.Locale;
import java.util.regex.Pattern;

/** Email addresses as contacts are matched: trimmed, and compared by their lower-cased form. */
public final class EmailAddress {

    /** Deliberately loose: one @, something on each side, a dot in the domain, no spaces. */
    private static final Pattern PLAUSIBLE = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    private EmailAddress() {
    }

    /** The address trimmed, or null when it is missing or not plausibly an address. */
    public static String clean(String raw) {
        if (raw == null) {
            return null;
        }
        String trimmed = raw.trim();
        return trimmed.length() <= 320 && PLAUSIBLE.matcher(trimmed).matches() ? trimmed : null;
    }

    /** The form contacts are matched by, so Jane@Example.com and jane@example.com are one contact. */
    public static String key(String email) {
        return email.toLowerCase(Locale.ROOT);
    }
}
