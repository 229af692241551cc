package dev.loops.webhooks.endpoint;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an endpoint does with one event type. Every field is optional; {@code null} means the default.
 *
 * @param enabled        false keeps the settings but ignores the type (default true)
 * @param triggerEvent   name of the trigger event recorded for the contact, e.g. {@code successfulPayment};
 *                       none: the contact is only kept in sync
 * @param userGroup      user group of contacts this type creates, instead of the endpoint's
 * @param syncNames      whether the platform's name fills first and last name (default true)
 * @param deletionAction for deletion events: unsubscribe (default), delete or none
 * @param mailingLists   ids of the mailing lists the contact is subscribed to
 * @param triggerWhenUnchanged for types whose trigger event is recorded only when the contact changed (a
 *                       Supabase sign-in): record it every time (default false)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventSettings(
        Boolean enabled,
        String triggerEvent,
        String userGroup,
        Boolean syncNames,
        DeletionAction deletionAction,
        List<String> mailingLists,
        Boolean triggerWhenUnchanged) {

    public static final EventSettings SYNC_ONLY = new EventSettings(null, null, null, null, null, null, null);

    public static EventSettings triggering(String triggerEvent) {
        return new EventSettings(null, triggerEvent, null, null, null, null, null);
    }

    public boolean triggersWhenUnchanged() {
        return triggerWhenUnchanged != null && triggerWhenUnchanged;
    }

    public boolean active() {
        return enabled == null || enabled;
    }

    public boolean syncsNames() {
        return syncNames == null || syncNames;
    }

    public DeletionAction deletion() {
        return deletionAction == null ? DeletionAction.UNSUBSCRIBE : deletionAction;
    }

    public List<String> mailingListIds() {
        return mailingLists == null ? List.of() : mailingLists;
    }
}
