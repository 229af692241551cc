package dev.loops.webhooks.webhook;

import java.util.List;

/**
 * What an event changes about a person, decided before the transaction: who (email, and the platform's id for
 * them), their names, an email change, what a new contact starts with, the trigger event and lists of the
 * endpoint's settings for the type, and for a deletion event the deletion action.
 *
 * @param email            as the event writes it; null only for a deletion that names the person by identity
 * @param identity         the platform's id for the person (a Stripe customer, a Clerk user), or null
 * @param previousEmailKey the matching form of the address the person had before, when the event says so
 * @param deletionAction   unsubscribe, delete or none for deletion events; null otherwise
 * @param onlyWhenChanged  the trigger event is recorded only when the contact changed
 */
public record ContactChange(String email, String emailKey, String firstName, String lastName, String identity,
                            String previousEmail, String previousEmailKey, String userGroup, String source,
                            String triggerEvent, List<String> mailingListIds, String deletionAction,
                            boolean onlyWhenChanged) {

    public boolean isDeletion() {
        return deletionAction != null;
    }
}
