package dev.loops.webhooks.webhook;

/** Why a webhook request was answered before it reached its route. */
enum WebhookRefusal {

    UNKNOWN_ENDPOINT(404, "unknown_endpoint", Outcome.REJECTED),
    TOO_LARGE(413, "payload_too_large", Outcome.REJECTED),
    BODY_TOO_SLOW(408, "request_timeout", Outcome.REJECTED),
    AT_CAPACITY(503, "unavailable", Outcome.UNAVAILABLE),
    DATABASE_UNAVAILABLE(503, "unavailable", Outcome.UNAVAILABLE);

    private final int status;
    private final String code;
    private final Outcome outcome;

    WebhookRefusal(int status, String code, Outcome outcome) {
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
    Outcome outcome() {
        return outcome;
    }
}
