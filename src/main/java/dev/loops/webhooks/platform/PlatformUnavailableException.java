package dev.loops.webhooks.platform;

/** A platform's API could not answer now; the webhook is answered 503 and the platform retries. */
public class PlatformUnavailableException extends RuntimeException {

    public PlatformUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
