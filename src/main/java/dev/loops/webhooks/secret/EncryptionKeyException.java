package dev.loops.webhooks.secret;

/**
 * Stops the start when no usable key for the stored secrets can be found; says what is wrong and what to do
 * ({@link EncryptionKeyFailureAnalyzer} prints the two apart).
 */
public class EncryptionKeyException extends RuntimeException {

    private final String description;
    private final String action;

    public EncryptionKeyException(String description, String action) {
        super(description + " " + action);
        this.description = description;
        this.action = action;
    }

    public String getDescription() {
        return description;
    }

    public String getAction() {
        return action;
    }
}
