package dev.loops.webhooks.webhook;

/**
 * How a delivery is answered: its outcome, the HTTP status, the error code of a refusal (null for 2xx) and the
 * message written for the person reading the platform's webhook log.
 */
public record DeliveryResult(Outcome outcome, int httpStatus, String errorCode, String message) {

    public static DeliveryResult of(Outcome outcome, String message) {
        return new DeliveryResult(outcome, 200, null, message);
    }
}
