package dev.loops.webhooks.platform;

/**
 * One event type of a platform's catalog (routes/platforms/&lt;name&gt;.yaml, template {@code event-family}).
 *
 * @param platform              the platform's name
 * @param type                  the event type, as the platform names it ({@code invoice.paid})
 * @param route                 the family route that reads where this type keeps the person and the trigger
 *                              event's properties ({@code direct:stripe-invoice})
 * @param deletion              whether the event removes the person (its endpoint's deletion action applies)
 * @param suggestedTriggerEvent the trigger event a new endpoint records for it, or null
 * @param onlyWhenChanged       whether its trigger event is recorded only when the contact changed (a sign-in
 *                              that changes nothing the contact holds)
 * @param sample                jq that makes a realistic event of this type from {type, id, email, time, isoTime,
 *                              uuid}, for test events ({@link EventSamples}), or null when the family has none
 */
public record CatalogEntry(String platform, String type, String route, boolean deletion, String suggestedTriggerEvent,
                           boolean onlyWhenChanged, String sample) {
}
