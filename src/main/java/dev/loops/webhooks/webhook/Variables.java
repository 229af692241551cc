package dev.loops.webhooks.webhook;

/**
 * The exchange variables the webhook routes hand each other, a platform's route file and the shared routes alike:
 * a few typed values, each set by one step. The YAML names them in expressions ({@code ${variable.change.email}}).
 */
public final class Variables {

    /** {@link Delivery}: which platform's URL, which endpoint, when; set first, so even a refusal is logged. */
    public static final String DELIVERY = "delivery";
    /** {@link VerifiedEvent}: set once the signature is proven, completed once the envelope is read. */
    public static final String EVENT = "event";
    /** JSON from the platform's envelope expression: {notAnEvent, id, type, occurredAt}. */
    public static final String ENVELOPE = "envelope";
    /** JSON: what of the event the webhook log keeps (the platform's {@code stored} expression). */
    public static final String STORED_PAYLOAD = "storedPayload";
    /** {@link dev.loops.webhooks.platform.CatalogEntry} of the event's type. */
    public static final String CATALOG_ENTRY = "catalogEntry";
    /** JSON from the family's {@code person} expression. */
    public static final String PERSON = "person";
    /** JSON from the family's {@code properties} expression: the trigger event's properties. */
    public static final String EVENT_PROPERTIES = "eventProperties";
    /** {@link ContactChange}: what the event changes, decided before the transaction. */
    public static final String CHANGE = "change";
    /** {@link DeliveryResult}: set when the outcome is decided; a step that finds it set has nothing to do. */
    public static final String RESULT = "result";
    /** Set by the SQL steps: the contact's id, and what happened to it (created, updated, unchanged, ...). */
    public static final String CONTACT_ID = "contactId";
    public static final String CONTACT_ACTION = "contactAction";
    /** Whether the contact now holds anything it did not before (an onlyWhenChanged type triggers only then). */
    public static final String CONTACT_CHANGED = "contactChanged";
    /** The contact moved to the event's address (an email change). */
    public static final String EMAIL_MOVED = "emailMoved";
    /** The trigger event's name, once it is in the outbox, and its record. */
    public static final String TRIGGER_EVENT = "triggerEventRecorded";
    public static final String TRIGGER_EVENT_ID = "triggerEventId";
    public static final String TRIGGER_RECORD = "triggerRecord";
    /** {@link ImportItem}: the delivery is one user of an import (null for every other delivery). */
    public static final String IMPORT_ITEM = "importItem";
    /** The delivery failed because the database is away: its log row is not even tried. */
    public static final String DATABASE_UNAVAILABLE = "databaseUnavailable";

    private Variables() {
    }
}
