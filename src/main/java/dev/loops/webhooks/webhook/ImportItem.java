package dev.loops.webhooks.webhook;

/**
 * One user of an import, applied as the platform's event about them would be.
 *
 * @param importId      the import it belongs to
 * @param position      the platform's cursor once this user is applied (the import resumes after it)
 * @param triggerEvents whether the endpoint's trigger events are recorded (off unless the import asked: an import
 *                      must not send thousands of welcome emails)
 */
public record ImportItem(String importId, String position, boolean triggerEvents) {
}
