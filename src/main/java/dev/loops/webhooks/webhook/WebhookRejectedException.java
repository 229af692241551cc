package dev.loops.webhooks.webhook;

/**
 * A request that is answered with a 4xx and changes nothing. The message is written for the person reading
 * the platform's webhook log; it never repeats the request body or a library's exception text.
 */
public class WebhookRejectedException extends RuntimeException {

    public enum Reason {
        UNKNOWN_ENDPOINT(404, "unknown_endpoint"),
        INVALID_SIGNATURE(401, "invalid_signature"),
        INVALID_PAYLOAD(400, "invalid_payload");

        private final int status;
        private final String code;

        Reason(int status, String code) {
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public WebhookRejectedException(Reason reason, String message) {
        // no stack trace: rejections are expected, and under a flood of forged requests they are frequent
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public static WebhookRejectedException unknownEndpoint() {
        return new WebhookRejectedException(Reason.UNKNOWN_ENDPOINT,
                "No enabled webhook endpoint has this URL. Check the URL in the platform's webhook settings "
                        + "against GET /api/endpoints.");
    }

    public static WebhookRejectedException invalidSignature(String message) {
        return new WebhookRejectedException(Reason.INVALID_SIGNATURE, message);
    }

    public static WebhookRejectedException invalidPayload(String message) {
        return new WebhookRejectedException(Reason.INVALID_PAYLOAD, message);
    }
}
