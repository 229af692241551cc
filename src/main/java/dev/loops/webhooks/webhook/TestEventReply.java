package dev.loops.webhooks.webhook;

/**
 * What a test event got: the webhook URL's answer, as the platform would have seen it.
 *
 * @param type    the event type sent
 * @param eventId the event's id: the one the reply names (the webhook log's), else the one the sample was made with
 * @param email   the test address the sample names
 * @param status  the HTTP status of the reply, or 0 when no reply came ({@code failure} says why)
 * @param body    the reply's body (JSON text), or null when no reply came
 * @param failure why no reply came (connection refused, timeout), or null when one did
 */
public record TestEventReply(String type, String eventId, String email, int status, String body, String failure) {

    /** Whether the webhook URL answered at all (any status). */
    public boolean delivered() {
        return failure == null;
    }
}
