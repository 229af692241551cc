package dev.loops.webhooks.importing;

/**
 * The platform could not give a page of its users. {@code retryable}: it may on a later try (it was away, or
 * asked to slow down); otherwise (the key refused) the import fails with this message.
 */
public class AudienceReadException extends RuntimeException {

    private final boolean retryable;

    public AudienceReadException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
