package dev.loops.webhooks.contact;

/**
 * Values read from a platform's event, made to fit what the schema holds before the transaction starts, so a
 * validly signed event never fails on them with a 5xx (which the platform would retry for days):
 * identifiers either fit or the event is ignored; free text is cut to its column and loses what no database
 * column takes (PostgreSQL refuses NUL; H2 counts a column's size in UTF-16 units, PostgreSQL in characters).
 */
public final class EventValues {

    /** The size of every column that holds a platform's id (customer, charge, event). */
    public static final int IDENTIFIER_LENGTH = 255;

    private EventValues() {
    }

    /** Whether a platform's id can be stored and looked up as it is: not blank, at most 255 characters, no control characters. */
    public static boolean isStorableIdentifier(String value) {
        if (value == null || value.isBlank() || value.length() > IDENTIFIER_LENGTH) {
            return false;
        }
        return value.chars().noneMatch(Character::isISOControl);
    }

    /**
     * Free text for a column of {@code maxLength}: without NUL, with unpaired surrogates replaced, cut to at most
     * {@code maxLength} UTF-16 units without splitting a character. Null stays null.
     */
    public static String fit(String text, int maxLength) {
        if (text == null) {
            return null;
        }
        StringBuilder fitted = new StringBuilder(Math.min(text.length(), maxLength));
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (codePoint == 0) {
                continue;
            }
            if (Character.isSurrogate((char) codePoint) && Character.charCount(codePoint) == 1) {
                codePoint = '\uFFFD';
            }
            if (fitted.length() + Character.charCount(codePoint) > maxLength) {
                break;
            }
            fitted.appendCodePoint(codePoint);
        }
        return fitted.toString();
    }
}
