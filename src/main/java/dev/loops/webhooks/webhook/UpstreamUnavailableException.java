package dev.loops.webhooks.webhook;

/**
 * A platform's API could not answer a look-up the event needs (unreachable, rate-limited, or refusing the
 * configured key). Nothing is written and the webhook is answered 503, so the platform retries later.
 */
public class UpstreamUnavailableException extends RuntimeException {

    public UpstreamUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
