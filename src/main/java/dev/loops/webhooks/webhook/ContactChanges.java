package dev.loops.webhooks.webhook;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loops.webhooks.contact.EmailAddress;
import dev.loops.webhooks.contact.EventValues;
import dev.loops.webhooks.contact.PersonName;
import dev.loops.webhooks.endpoint.EventSettings;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.platform.CatalogEntry;
import dev.loops.webhooks.platform.EventCatalog;
import dev.loops.webhooks.platform.PersonLookup.FoundPerson;
import dev.loops.webhooks.platform.PersonLookup;
import dev.loops.webhooks.platform.Platform;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Decides, before the transaction, what a verified event changes: which catalog entry its type has, whether the
 * endpoint processes the type, and who the event is about, from what its family read ({@link Variables#PERSON}),
 * in this order:
 * <ol>
 *   <li>the email in the payload (the transaction then prefers the contact linked to the event's identity);</li>
 *   <li>the contact already linked to the event's identity (the platform's id for the person);</li>
 *   <li>the platform's API, when the platform has a look-up and the endpoint an API key.</li>
 * </ol>
 * Otherwise the event is ignored with a message that says how to fix it. Sets {@link Variables#CHANGE}.
 */
@Component("contactChanges")
public class ContactChanges {

    /** The fields of a person that are not ids; every other text field of it is one, and must be storable. */
    private static final Set<String> NOT_IDS = Set.of("email", "name", "firstName", "lastName", "previousEmail");

    private final EventCatalog catalog;
    private final WebhookOutcomes outcomes;
    private final BeanFactory beans;
    private final JdbcClient jdbc;

    public ContactChanges(EventCatalog catalog, WebhookOutcomes outcomes, BeanFactory beans, JdbcClient jdbc) {
        this.catalog = catalog;
        this.outcomes = outcomes;
        this.beans = beans;
        this.jdbc = jdbc;
    }

    /** Sets {@link Variables#CATALOG_ENTRY}, or ignores a type the platform's catalog does not hold. */
    public void catalogEntry(Exchange exchange) {
        VerifiedEvent event = exchange.getVariable(Variables.EVENT, VerifiedEvent.class);
        Optional<CatalogEntry> entry = catalog.entry(event.platform(), event.type());
        if (entry.isEmpty()) {
            outcomes.ignored(exchange, "Event type " + event.type() + " is not supported, so it was ignored. Supported: "
                    + String.join(", ", catalog.types(event.platform())) + ".");
            return;
        }
        exchange.setVariable(Variables.CATALOG_ENTRY, entry.get());
    }

    public void resolve(Exchange exchange) {
        VerifiedEvent event = exchange.getVariable(Variables.EVENT, VerifiedEvent.class);
        CatalogEntry entry = exchange.getVariable(Variables.CATALOG_ENTRY, CatalogEntry.class);
        WebhookEndpoint endpoint = event.endpoint();
        ImportItem importItem = exchange.getVariable(Variables.IMPORT_ITEM, ImportItem.class);
        EventSettings settings = endpoint.enabledSettings(event.type());
        if (settings == null && importItem != null) {
            // an import was asked for: it keeps the contacts in sync whatever live events the endpoint takes
            settings = EventSettings.SYNC_ONLY;
        }
        if (settings == null) {
            outcomes.ignored(exchange, "Event type " + event.type() + " is not enabled on this endpoint (enabled: "
                    + enabledTypes(endpoint) + "). Nothing was changed. To process it, add it to the endpoint's "
                    + "events with PUT /api/endpoints/" + endpoint.id() + ".");
            return;
        }
        Platform platform = catalog.platform(event.platform()).orElseThrow();
        JsonNode person = exchange.getVariable(Variables.PERSON, JsonNode.class);
        Optional<String> notAnId = unstorableId(person);
        if (notAnId.isPresent()) {
            outcomes.ignored(exchange, "The " + event.type() + " event names a " + platform.label() + " "
                    + (notAnId.get().equals("identity") ? platform.identity() : notAnId.get().replaceFirst("Id$", ""))
                    + " id that cannot be one (longer than " + EventValues.IDENTIFIER_LENGTH + " characters, or with "
                    + "control characters), so it was ignored. Nothing was changed.");
            return;
        }
        String identity = text(person, "identity");
        String email = EmailAddress.clean(text(person, "email"));
        String name = text(person, "name");
        boolean addressOutdated = false;
        if (identity != null && (email == null || entry.deletion())) {
            // a deletion removes the contact of the identity, whatever address the event last knew it by
            email = linkedEmail(event.platform(), identity).orElse(email);
        } else if (email != null && identity != null) {
            // a late event that still names an address the person has since left: it is about their contact as
            // it is now, which must not move back (nor a second contact appear at the old address)
            Optional<String> current = emailIfUpdatedAfter(event, identity);
            if (current.isPresent() && !EmailAddress.key(current.get()).equals(EmailAddress.key(email))) {
                email = current.get();
                addressOutdated = true;
            }
        }
        if (email == null && platform.lookup() != null && endpoint.apiKey() != null) {
            Optional<FoundPerson> found = beans.getBean(platform.lookup(), PersonLookup.class).find(endpoint.apiKey(), person);
            if (found.isPresent()) {
                email = EmailAddress.clean(found.get().email());
                name = name != null ? name : found.get().name();
                identity = identity != null ? identity : found.get().identity();
            }
        }
        if (email == null && !(entry.deletion() && identity != null)) {
            outcomes.ignored(exchange, noEmailMessage(event, platform, endpoint, identity, person));
            return;
        }

        PersonName names = !settings.syncsNames() ? PersonName.UNKNOWN
                : text(person, "firstName") != null || text(person, "lastName") != null
                        ? PersonName.of(text(person, "firstName"), text(person, "lastName"))
                        : PersonName.split(name);
        String emailKey = email == null ? null : EmailAddress.key(email);
        String previousEmail = addressOutdated ? null : EmailAddress.clean(text(person, "previousEmail"));
        if (previousEmail != null && EmailAddress.key(previousEmail).equals(emailKey)) {
            previousEmail = null;
        }
        exchange.setVariable(Variables.CHANGE, new ContactChange(email, emailKey, names.firstName(), names.lastName(),
                identity, previousEmail, previousEmail == null ? null : EmailAddress.key(previousEmail),
                settings.userGroup() != null ? settings.userGroup() : endpoint.userGroup(), platform.source(),
                importItem != null && !importItem.triggerEvents() ? null : settings.triggerEvent(),
                settings.mailingListIds(),
                entry.deletion() ? settings.deletion().value() : null,
                entry.onlyWhenChanged() && !settings.triggersWhenUnchanged()));
    }

    private Optional<String> linkedEmail(String platform, String identity) {
        return jdbc.sql("""
                        SELECT contact.email FROM contact_identity
                        JOIN contact ON contact.id = contact_identity.contact_id
                        WHERE contact_identity.provider = :provider AND contact_identity.external_id = :identity""")
                .param("provider", platform)
                .param("identity", identity)
                .query(String.class)
                .optional();
    }

    /** The address of the contact linked to the identity, if an event newer than this one was applied to it. */
    private Optional<String> emailIfUpdatedAfter(VerifiedEvent event, String identity) {
        return jdbc.sql("""
                        SELECT contact.email FROM contact_identity
                        JOIN contact ON contact.id = contact_identity.contact_id
                        WHERE contact_identity.provider = :provider AND contact_identity.external_id = :identity
                          AND contact.last_event_at > :occurredAt""")
                .param("provider", event.platform())
                .param("identity", identity)
                .param("occurredAt", event.occurredAt())
                .query(String.class)
                .optional();
    }

    /** The first text field of the person that is an id (its identity, or an id its platform's look-up reads) and cannot be stored. */
    private static Optional<String> unstorableId(JsonNode person) {
        if (person == null) {
            return Optional.empty();
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = person.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!NOT_IDS.contains(field.getKey()) && field.getValue().isTextual()
                    && !EventValues.isStorableIdentifier(field.getValue().asText())) {
                return Optional.of(field.getKey());
            }
        }
        return Optional.empty();
    }

    private static String noEmailMessage(VerifiedEvent event, Platform platform, WebhookEndpoint endpoint,
                                         String identity, JsonNode person) {
        String prefix = "The " + event.type() + " event carries no email address";
        String suffix = " Nothing was changed.";
        String subject = identity != null ? platform.label() + " " + platform.identity() + " " + identity : otherId(person);
        if (subject == null) {
            return prefix + " and names no " + platform.label() + " " + platform.identity() + ", so there is no "
                    + "contact to create or update." + suffix;
        }
        if (platform.lookup() != null && endpoint.apiKey() != null) {
            return prefix + ", and " + platform.label() + " has no email address for " + subject + "." + suffix;
        }
        String linked = identity != null ? ", and no contact is linked to " + subject + " yet." : " (only " + subject + ").";
        String hint = platform.noEmailHint() == null ? "" : " " + platform.noEmailHint();
        return prefix + linked + hint + suffix;
    }

    /** "charge ch_1": an id of the person's other than the identity (chargeId: what the platform's look-up reads). */
    private static String otherId(JsonNode person) {
        if (person == null) {
            return null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = person.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!NOT_IDS.contains(field.getKey()) && !field.getKey().equals("identity") && field.getValue().isTextual()
                    && !field.getValue().asText().isBlank()) {
                return field.getKey().replaceFirst("Id$", "") + " " + field.getValue().asText();
            }
        }
        return null;
    }

    private static String enabledTypes(WebhookEndpoint endpoint) {
        String enabled = String.join(", ", endpoint.events().entrySet().stream()
                .filter(entry -> entry.getValue().active()).map(Map.Entry::getKey).toList());
        return enabled.isEmpty() ? "none" : enabled;
    }

    private static String text(JsonNode fields, String name) {
        JsonNode value = fields == null ? null : fields.get(name);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
    }
}
