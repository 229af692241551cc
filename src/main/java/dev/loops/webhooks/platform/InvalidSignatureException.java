package dev.loops.webhooks.platform;

/**
 * A request whose signature (or secret header) does not prove it came from the platform. Its message is written
 * for the person reading the platform's webhook log. No stack trace: under a flood of forgeries these are many.
 */
public class InvalidSignatureException extends RuntimeException {

    public InvalidSignatureException(String message) {
        super(message, null, false, false);
    }
}
