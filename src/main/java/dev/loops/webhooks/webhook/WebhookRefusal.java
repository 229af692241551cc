package dev.loops.webhooks.webhook;

/** Why a webhook request was answered before it reached its route. */
enum WebhookRefusal {

    UNKNOWN_ENDPOINT(404, "unknown_endpoint", "rejected"),
    TOO_LARGE(413, "payload_too_large", "rejected"),
    BODY_TOO_SLOW(408, "request_timeout", "rejected"),
    AT_CAPACITY(503, "unavailable", "unavailable"),
    DATABASE_UNAVAILABLE(503, "unavailable", "unavailable");

    private final int status;
    private final String code;
    private final String outcome;

    WebhookRefusal(int status, String code, String outcome) {
        this.status = status;
        this.code = code;
        this.outcome = outcome;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** The outcome in the metrics and the webhook log, as for a request the route answered. */
    String outcome() {
        return outcome;
    }
}
