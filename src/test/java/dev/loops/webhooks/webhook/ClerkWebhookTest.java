package dev.loops.webhooks.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loops.webhooks.endpoint.DeletionAction;
import dev.loops.webhooks.endpoint.EndpointDraft;
import dev.loops.webhooks.endpoint.EventSettings;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.support.ClerkEvents;
import dev.loops.webhooks.support.ServiceTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Clerk end to end: events signed as Svix signs them (svix-id, svix-timestamp, svix-signature) posted to
 * /webhooks/clerk/{endpointId}, with what each type syncs, how retries, deletions and late deliveries are handled,
 * and every request that must be refused and change nothing.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClerkWebhookTest extends ServiceTest {

    private static final String ADA = "user_2AdaLovelace000000000000";
    private static final String SUPPORTED = "Supported: user.created, user.updated, user.deleted, waitlistEntry.created, "
            + "waitlistEntry.updated.";

    // ---- what each type syncs

    @Test
    void userCreatedMakesTheContactFromThePrimaryAddressNotTheFirstOne() {
        WebhookEndpoint endpoint = clerkEndpoint();
        String messageId = ClerkEvents.messageId();

        HttpResponse<String> response = postClerk(endpoint, messageId, ClerkEvents.fixture("user.created"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode reply = readJson(response.body());
        assertThat(reply.path("status").asText()).isEqualTo("processed");
        assertThat(reply.path("eventId").asText()).isEqualTo(messageId);
        assertThat(reply.path("contact").path("email").asText()).isEqualTo("ada@example.org");
        assertThat(reply.path("contact").path("action").asText()).isEqualTo("created");
        assertThat(reply.path("triggeredEvent").asText()).isEqualTo("newClerkUser");
        assertThat(reply.path("message").asText()).isEqualTo("Contact ada@example.org created. Trigger event newClerkUser recorded.");

        assertThat(count("contact")).isEqualTo(1);
        assertThat(contactRow("ada@example.org")).containsEntry("email", "ada@example.org")
                .containsEntry("first_name", "Ada").containsEntry("last_name", "Lovelace")
                .containsEntry("source", "Clerk webhook").containsEntry("user_group", "members")
                .containsEntry("subscribed", true);
        assertThat(identities("ada@example.org")).containsExactly("clerk:" + ADA);

        Map<String, Object> event = jdbc.sql("SELECT * FROM trigger_event").query().singleRow();
        assertThat(event).containsEntry("event_name", "newClerkUser").containsEntry("email", "ada@example.org")
                .containsEntry("provider", "clerk").containsEntry("source_event_id", messageId)
                .containsEntry("source_event_type", "user.created");
        JsonNode record = readJson((String) event.get("record"));
        assertThat(record.path("eventProperties")).isEqualTo(readJson("""
                {"userId": "user_2AdaLovelace000000000000", "username": "ada", "imageUrl": "https://img.clerk.com/ada-lovelace"}"""));
        // Clerk's timestamp is in milliseconds: 1716883200123 is 2024-05-28T08:00:00.123Z
        assertThat(record.path("occurredAt").asText()).isEqualTo("2024-05-28T08:00:00.123Z");
        assertThat(record.path("source").path("provider").asText()).isEqualTo("clerk");

        Map<String, Object> delivery = jdbc.sql("SELECT * FROM webhook_delivery").query().singleRow();
        assertThat(delivery).containsEntry("provider", "clerk").containsEntry("endpoint_id", endpoint.id())
                .containsEntry("event_id", messageId).containsEntry("event_type", "user.created")
                .containsEntry("outcome", "processed").containsEntry("http_status", 200)
                .containsEntry("email", "ada@example.org").containsEntry("trigger_event", "newClerkUser");
        assertThat(instant(delivery.get("event_occurred_at"))).isEqualTo(Instant.parse("2024-05-28T08:00:00.123Z"));
    }

    @Test
    void theWebhookLogKeepsWhatTheCatalogReadsNotTheRestOfTheUser() {
        WebhookEndpoint endpoint = clerkEndpoint();
        postClerk(endpoint, ClerkEvents.messageId(), ClerkEvents.fixture("user.created"));
        long id = jdbc.sql("SELECT id FROM webhook_delivery").query(Long.class).single();

        JsonNode payload = readJson(admin("GET", "/api/deliveries/" + id, null).body()).path("payload");

        assertThat(payload.path("type").asText()).isEqualTo("user.created");
        assertThat(payload.path("data").path("primary_email_address_id").asText()).isEqualTo("idn_2AdaPrimaryAddress0000000");
        assertThat(payload.path("data").path("email_addresses").get(1).path("email_address").asText()).isEqualTo("ada@example.org");
        assertThat(payload.toString()).doesNotContain("+15555550188", "acct_private_0042", "192.0.2.10", "verification");
    }

    @Test
    void aUserWithoutAPrimaryAddressIsIgnoredWithAMessage() {
        WebhookEndpoint endpoint = clerkEndpoint();

        JsonNode reply = readJson(postClerk(endpoint, ClerkEvents.messageId(), ClerkEvents.fixture("user.created.no-email")).body());

        assertThat(reply.path("status").asText()).isEqualTo("ignored");
        assertThat(reply.path("message").asText()).isEqualTo("The user.created event carries no email address, and no "
                + "contact is linked to Clerk user user_2NoAddress00000000000000 yet. A Clerk user needs a primary "
                + "email address to be a contact. Nothing was changed.");
        assertThat(count("contact")).isZero();
        assertThat(count("trigger_event")).isZero();
        assertThat(jdbc.sql("SELECT outcome FROM webhook_delivery").query(String.class).single()).isEqualTo("ignored");
    }

    @Test
    void userUpdatedChangesTheNamesAndRecordsNoTriggerEventByDefault() {
        WebhookEndpoint endpoint = clerkEndpoint();
        postClerk(endpoint, ClerkEvents.messageId(), ClerkEvents.fixture("user.created"));

        JsonNode reply = readJson(postClerk(endpoint, ClerkEvents.messageId(), ClerkEvents.fixture("user.updated")).body());

        assertThat(reply.path("status").asText()).isEqualTo("processed");
        assertThat(reply.path("contact").path("action").asText()).isEqualTo("updated");
        assertThat(reply.path("triggeredEvent").isNull()).isTrue();
        assertThat(contactRow("ada@example.org")).containsEntry("first_name", "Augusta Ada").containsEntry("last_name", "King");
        assertThat(count("trigger_event")).isEqualTo(1);
    }

    @Test
    void aChangedPrimaryAddressMovesTheContact() {
        WebhookEndpoint endpoint = clerkEndpoint();
        postClerk(endpoint, ClerkEvents.messageId(), ClerkEvents.fixture("user.created"));
        long contactId = contactId("ada@example.org");

        JsonNode reply = readJson(postClerk(endpoint, ClerkEvents.messageId(), ClerkEvents.fixture("user.updated.new-primary")).body());

        assertThat(reply.path("contact").path("email").asText()).isEqualTo("countess@lovelace.dev");
        assertThat(reply.path("contact").path("action").asText()).isEqualTo("updated");
        assertThat(reply.path("message").asText()).contains("Its email changed to this address.");
        assertThat(count("contact")).isEqualTo(1);
        assertThat(contactId("countess@lovelace.dev")).isEqualTo(contactId);
        assertThat(identities("countess@lovelace.dev")).containsExactly("clerk:" + ADA);
    }

    @Test
    void userDeletedUnsubscribesTheContactOfThatIdentityWhateverItsAddressIsNow() {
        WebhookEndpoint endpoint = clerkEndpoint();
        postClerk(endpoint, ClerkEvents.messageId(), ClerkEvents.fixture("user.created"));
        postClerk(endpoint, ClerkEvents.messageId(), ClerkEvents.fixture("user.updated.new-primary"));

        JsonNode reply = readJson(postClerk(endpoint, ClerkEvents.messageId(), ClerkEvents.fixture("user.deleted")).body());

        assertThat(reply.path("status").asText()).isEqualTo("processed");
        assertThat(reply.path("contact").path("email").asText()).isEqualTo("countess@lovelace.dev");
        assertThat(reply.path("contact").path("action").asText()).isEqualTo("unsubscribed");
        assertThat(contactRow("countess@lovelace.dev")).containsEntry("subscribed", false);
        assertThat(count("contact")).isEqualTo(1);
    }

    @Test
    void userDeletedWithTheDeleteActionDeletesTheContactAndKeepsItsTriggerEvents() {
        WebhookEndpoint endpoint = clerkEndpoint(Map.of("user.created", EventSettings.triggering("newClerkUser"),
                "user.deleted", new EventSettings(null, "clerkUserDeleted", null, null, DeletionAction.DELETE, null, null)));
        postClerk(endpoint, ClerkEvents.messageId(), ClerkEvents.fixture("user.created"));

        JsonNode reply = readJson(postClerk(endpoint, ClerkEvents.messageId(), ClerkEvents.fixture("user.deleted")).body());

        assertThat(reply.path("contact").path("action").asText()).isEqualTo("deleted");
        assertThat(count("contact")).isZero();
        assertThat(count("contact_identity")).isZero();
        // the deleted contact's trigger event stays, unlinked; none is recorded for a contact that is gone
        assertThat(jdbc.sql("SELECT event_name FROM trigger_event WHERE contact_id IS NULL").query(String.class).list())
                .containsExactly("newClerkUser");
    }

    @Test
    void userDeletedWithTheNoneActionLeavesTheContactAsItIs() {
        WebhookEndpoint endpoint = clerkEndpoint(Map.of("user.created", EventSettings.SYNC_ONLY,
                "user.deleted", new EventSettings(null, null, null, null, DeletionAction.NONE, null, null)));
        postClerk(endpoint, ClerkEvents.messageId(), ClerkEvents.fixture("user.created"));

        JsonNode reply = readJson(postClerk(endpoint, ClerkEvents.messageId(), ClerkEvents.fixture("user.deleted")).body());

        assertThat(reply.path("contact").path("action").asText()).isEqualTo("unchanged");
        assertThat(contactRow("ada@example.org")).containsEntry("subscribed", true);
    }

    @Test
    void userDeletedOfAUserWithoutContactCreatesNone() {
        WebhookEndpoint endpoint = clerkEndpoint();

        JsonNode reply = readJson(postClerk(endpoint, ClerkEvents.messageId(), ClerkEvents.fixture("user.deleted")).body());

        assertThat(reply.path("status").asText()).isEqualTo("ignored");
        assertThat(reply.path("message").asText()).isEqualTo("No contact has the id " + ADA
                + ", so there is nothing to remove. Nothing was changed.");
        assertThat(count("contact")).isZero();
        assertThat(count("contact_identity")).isZero();
    }

    @Test
    void waitlistEntriesSyncTheAddressAndTheirTriggerEventsCarryTheEntryAndItsStatus() {
        WebhookEndpoint endpoint = clerkEndpoint(Map.of("waitlistEntry.created", EventSettings.triggering("joinedWaitlist"),
                "waitlistEntry.updated", EventSettings.triggering("waitlistInvited")));

        JsonNode created = readJson(postClerk(endpoint, ClerkEvents.messageId(), ClerkEvents.fixture("waitlistEntry.created")).body());
        JsonNode updated = readJson(postClerk(endpoint, ClerkEvents.messageId(), ClerkEvents.fixture("waitlistEntry.updated")).body());

        assertThat(created.path("contact").path("action").asText()).isEqualTo("created");
        assertThat(created.path("triggeredEvent").asText()).isEqualTo("joinedWaitlist");
        assertThat(updated.path("contact").path("action").asText()).isEqualTo("unchanged");
        assertThat(updated.path("triggeredEvent").asText()).isEqualTo("waitlistInvited");
        Map<String, Object> contact = contactRow("ada@example.org");
        assertThat(contact).containsEntry("source", "Clerk webhook").containsEntry("user_group", "members");
        assertThat(contact.get("first_name")).isNull();
        assertThat(identities("ada@example.org")).isEmpty();
        assertThat(properties("joinedWaitlist")).isEqualTo(readJson("""
                {"waitlistEntryId": "wle_2AdaWaitlist00000000000000", "status": "pending"}"""));
        assertThat(properties("waitlistInvited")).isEqualTo(readJson("""
                {"waitlistEntryId": "wle_2AdaWaitlist00000000000000", "status": "invited"}"""));
    }

    @Test
    void aWaitlistedAddressThatSignsUpIsTheSameContactWithItsIdentityLinked() {
        WebhookEndpoint endpoint = clerkEndpoint();
        postClerk(endpoint, ClerkEvents.messageId(), ClerkEvents.fixture("waitlistEntry.created"));
        long waitlisted = contactId("ada@example.org");

        JsonNode reply = readJson(postClerk(endpoint, ClerkEvents.messageId(), ClerkEvents.fixture("user.created")).body());

        assertThat(reply.path("contact").path("action").asText()).isEqualTo("updated");
        assertThat(count("contact")).isEqualTo(1);
        assertThat(contactId("ada@example.org")).isEqualTo(waitlisted);
        assertThat(identities("ada@example.org")).containsExactly("clerk:" + ADA);
        assertThat(contactRow("ada@example.org")).containsEntry("first_name", "Ada").containsEntry("last_name", "Lovelace");
        assertThat(jdbc.sql("SELECT event_name FROM trigger_event WHERE contact_id = :id ORDER BY seq")
                .param("id", waitlisted).query(String.class).list()).containsExactly("joinedWaitlist", "newClerkUser");
        JsonNode found = readJson(admin("GET", "/api/contacts?identity=clerk:" + ADA, null).body());
        assertThat(found.toString()).contains("ada@example.org");
    }

    @Test
    void anUnsupportedTypeIsIgnoredNamingTheSupportedOnes() {
        WebhookEndpoint endpoint = clerkEndpoint();

        HttpResponse<String> response = postClerk(endpoint, ClerkEvents.messageId(), ClerkEvents.fixture("session.created"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode reply = readJson(response.body());
        assertThat(reply.path("status").asText()).isEqualTo("ignored");
        assertThat(reply.path("message").asText())
                .isEqualTo("Event type session.created is not supported, so it was ignored. " + SUPPORTED);
        assertThat(count("contact")).isZero();
        assertThat(jdbc.sql("SELECT outcome || ' ' || event_type FROM webhook_delivery").query(String.class).single())
                .isEqualTo("ignored session.created");
    }

    // ---- retries and late deliveries

    @Test
    void theSameSvixIdTwiceIsADuplicateAndChangesNothing() {
        WebhookEndpoint endpoint = clerkEndpoint();
        String messageId = ClerkEvents.messageId();
        byte[] body = ClerkEvents.fixture("user.created");
        postClerk(endpoint, messageId, body);
        Map<String, Object> before = contactRow("ada@example.org");

        // Svix signs every attempt afresh, with the same svix-id
        HttpResponse<String> retry = post(path(endpoint), body,
                ClerkEvents.headers(messageId, Instant.now().getEpochSecond() - 5, body, ClerkEvents.SECRET));

        assertThat(retry.statusCode()).isEqualTo(200);
        JsonNode reply = readJson(retry.body());
        assertThat(reply.path("status").asText()).isEqualTo("duplicate");
        assertThat(reply.path("eventId").asText()).isEqualTo(messageId);
        assertThat(reply.path("message").asText())
                .isEqualTo("Event " + messageId + " was already processed by this endpoint; nothing was changed.");
        assertThat(contactRow("ada@example.org")).isEqualTo(before);
        assertThat(count("trigger_event")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT outcome FROM webhook_delivery ORDER BY id").query(String.class).list())
                .containsExactly("processed", "duplicate");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_delivery WHERE outcome = 'duplicate' AND payload IS NULL")
                .query(Long.class).single()).isEqualTo(1);

        // another message with the same body is another event: it is the svix-id that identifies one
        JsonNode other = readJson(postClerk(endpoint, ClerkEvents.messageId(), body).body());
        assertThat(other.path("status").asText()).isEqualTo("processed");
        assertThat(count("trigger_event")).isEqualTo(2);
    }

    /** user.created delivered after user.updated: the older event does not undo the newer one. */
    @ParameterizedTest(name = "created at {0}, updated at {1}")
    @CsvSource({
            "1716883200123, 1716883500456", // milliseconds, as live events
            "1716883200,    1716883500",    // seconds, as Clerk's examples
            "1716883200123, 1716883500",    // one of each
            "1716883200,    1716883500456",
            "1716883200123, 1716883200456"}) // the same second: live events are milliseconds apart
    void anOlderEventDeliveredLateDoesNotOverwriteANewerOne(long createdAt, long updatedAt) {
        WebhookEndpoint endpoint = clerkEndpoint();
        postClerk(endpoint, ClerkEvents.messageId(), ClerkEvents.withTimestamp(ClerkEvents.fixture("user.updated"), updatedAt));

        JsonNode late = readJson(postClerk(endpoint, ClerkEvents.messageId(),
                ClerkEvents.withTimestamp(ClerkEvents.fixture("user.created"), createdAt)).body());

        assertThat(late.path("status").asText()).isEqualTo("processed");
        assertThat(late.path("contact").path("action").asText()).isEqualTo("unchanged");
        assertThat(contactRow("ada@example.org")).containsEntry("first_name", "Augusta Ada").containsEntry("last_name", "King");
    }

    @ParameterizedTest(name = "created at {0}, updated at {1}")
    @CsvSource({"1716883200123, 1716883500456", "1716883200, 1716883500", "1716883200123, 1716883500",
            "1716883200, 1716883500456"})
    void aNewerEventInEitherUnitIsApplied(long createdAt, long updatedAt) {
        WebhookEndpoint endpoint = clerkEndpoint();
        postClerk(endpoint, ClerkEvents.messageId(), ClerkEvents.withTimestamp(ClerkEvents.fixture("user.created"), createdAt));

        JsonNode newer = readJson(postClerk(endpoint, ClerkEvents.messageId(),
                ClerkEvents.withTimestamp(ClerkEvents.fixture("user.updated"), updatedAt)).body());

        assertThat(newer.path("contact").path("action").asText()).isEqualTo("updated");
        assertThat(contactRow("ada@example.org")).containsEntry("first_name", "Augusta Ada").containsEntry("last_name", "King");
    }

    /** An older user.updated that still names the old primary address, delivered after the address changed. */
    @Test
    void anOlderEventDeliveredLateDoesNotMoveTheContactBackToAnOldAddress() {
        WebhookEndpoint endpoint = clerkEndpoint();
        postClerk(endpoint, ClerkEvents.messageId(), ClerkEvents.fixture("user.created"));
        postClerk(endpoint, ClerkEvents.messageId(), ClerkEvents.fixture("user.updated.new-primary"));

        JsonNode late = readJson(postClerk(endpoint, ClerkEvents.messageId(), ClerkEvents.fixture("user.updated")).body());

        assertThat(late.path("status").asText()).as(late.toString()).isEqualTo("processed");
        assertThat(count("contact")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT email FROM contact").query(String.class).single()).isEqualTo("countess@lovelace.dev");
        assertThat(identities("countess@lovelace.dev")).containsExactly("clerk:" + ADA);
    }

    @Test
    void aSignatureWithinTheToleranceAndOneMatchAmongSeveralIsAccepted() {
        WebhookEndpoint endpoint = clerkEndpoint();
        byte[] body = ClerkEvents.fixture("user.created");
        String messageId = ClerkEvents.messageId();
        long signedAt = Instant.now().getEpochSecond() - 290;
        String valid = ClerkEvents.signature(messageId, signedAt, body, ClerkEvents.SECRET);
        String other = ClerkEvents.signature(messageId, signedAt, body, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        HttpResponse<String> response = post(path(endpoint), body, "Content-Type", "application/json", "svix-id", messageId,
                "svix-timestamp", Long.toString(signedAt), "svix-signature", "v1a,c2lnbmVk " + other + " " + valid);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(readJson(response.body()).path("status").asText()).isEqualTo("processed");
    }

    // ---- replay from the webhook log

    @Test
    void aStoredDeliveryReplaysThroughTheClerkRouteAsItWouldBeProcessedLive() {
        WebhookEndpoint endpoint = clerkEndpoint(Map.of("waitlistEntry.created", EventSettings.SYNC_ONLY));
        String messageId = ClerkEvents.messageId();
        JsonNode live = readJson(postClerk(endpoint, messageId, ClerkEvents.fixture("user.created")).body());
        assertThat(live.path("status").asText()).isEqualTo("ignored");
        long original = jdbc.sql("SELECT id FROM webhook_delivery").query(Long.class).single();
        admin("PUT", "/api/endpoints/" + endpoint.id(), "{\"events\": {\"user.created\": {\"triggerEvent\": \"newClerkUser\"}}}");

        HttpResponse<String> response = admin("POST", "/api/deliveries/" + original + "/replay", null);

        // what the live delivery would have been answered had the type been enabled: the primary address, not the first
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode replayed = readJson(response.body());
        assertThat(replayed.path("status").asText()).isEqualTo("processed");
        assertThat(replayed.path("eventId").asText()).isEqualTo(messageId);
        assertThat(replayed.path("replayOf").asLong()).isEqualTo(original);
        assertThat(replayed.path("contact").path("email").asText()).isEqualTo("ada@example.org");
        assertThat(replayed.path("triggeredEvent").asText()).isEqualTo("newClerkUser");
        assertThat(identities("ada@example.org")).containsExactly("clerk:" + ADA);
        assertThat(contactRow("ada@example.org")).containsEntry("first_name", "Ada").containsEntry("source", "Clerk webhook");
        assertThat(properties("newClerkUser").path("username").asText()).isEqualTo("ada");

        JsonNode again = readJson(admin("POST", "/api/deliveries/" + original + "/replay", null).body());
        assertThat(again.path("status").asText()).isEqualTo("duplicate");
        assertThat(count("trigger_event")).isEqualTo(1);

        JsonNode forced = readJson(admin("POST", "/api/deliveries/" + original + "/replay?force=true", null).body());
        assertThat(forced.path("status").asText()).isEqualTo("processed");
        assertThat(forced.path("contact").path("action").asText()).isEqualTo("unchanged");
        assertThat(count("trigger_event")).isEqualTo(2);
        assertThat(jdbc.sql("SELECT provider || ' ' || event_id || ' ' || outcome FROM webhook_delivery WHERE replay_of = :id "
                + "ORDER BY id").param("id", original).query(String.class).list()).containsExactly(
                "clerk " + messageId + " processed", "clerk " + messageId + " duplicate", "clerk " + messageId + " processed");
    }

    // ---- requests refused: 401 or 400 with a clear message, nothing written, nothing leaked to the logs

    @ParameterizedTest
    @ValueSource(strings = {"svix-id", "svix-timestamp", "svix-signature"})
    void aMissingHeaderIs401(String missing, CapturedOutput output) {
        WebhookEndpoint endpoint = clerkEndpoint();
        byte[] body = ClerkEvents.fixture("user.created");
        String[] headers = ClerkEvents.headers(ClerkEvents.messageId(), body);

        HttpResponse<String> response = post(path(endpoint), body, without(headers, missing));

        assertRefused(response, 401, "invalid_signature", "Missing " + missing + " header", output);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "v1                               | has no v1 signature",
            "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJE | has no v1 signature",
            "v1,                              | No signature in the svix-signature header matches",
            "v1,not base64 at all!            | No signature in the svix-signature header matches",
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= | No signature in the svix-signature header matches"})
    void aMalformedSignatureIs401(String signature, String message, CapturedOutput output) {
        assertRefusedWithSignature(signature, 401, message, output);
    }

    @Test
    void aSignatureHeaderOfHostileLengthIs401(CapturedOutput output) {
        assertRefusedWithSignature("v1," + "A".repeat(3000), 401, "Malformed svix-signature header: it is longer than 2048", output);
    }

    @Test
    void aSignatureHeaderWithMoreEntriesThanARotationHasIs401(CapturedOutput output) {
        assertRefusedWithSignature("v1,AAAA ".repeat(17), 401, "Malformed svix-signature header: it has more than 16", output);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1a,aGVsbG8gd29ybGQ=", "v2,aGVsbG8gd29ybGQ=", "v1a,aGVsbG8= v0,aGVsbG8="})
    void onlyUnknownSignatureVersionsAre401(String signature, CapturedOutput output) {
        assertRefusedWithSignature(signature, 401, "The svix-signature header has no v1 signature", output);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "svix-timestamp | yesterday      | Malformed svix-timestamp header",
            "svix-timestamp | 1716883200000  | Malformed svix-timestamp header",
            "svix-id        | msg with space | Malformed svix-id header"})
    void aMalformedIdOrTimestampIs401(String header, String value, String message, CapturedOutput output) {
        WebhookEndpoint endpoint = clerkEndpoint();
        byte[] body = ClerkEvents.fixture("user.created");
        String[] headers = ClerkEvents.headers(ClerkEvents.messageId(), body);
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equals(header)) {
                headers[i + 1] = value;
            }
        }

        assertRefused(post(path(endpoint), body, headers), 401, "invalid_signature", message, output);
    }

    @Test
    void aSignatureMadeWithAnotherSecretIs401(CapturedOutput output) {
        WebhookEndpoint endpoint = clerkEndpoint();
        byte[] body = ClerkEvents.fixture("user.created");

        HttpResponse<String> response = post(path(endpoint), body, ClerkEvents.headers(ClerkEvents.messageId(),
                Instant.now().getEpochSecond(), body, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));

        assertRefused(response, 401, "invalid_signature", "No signature in the svix-signature header matches this "
                + "endpoint's signing secret", output);
    }

    @ParameterizedTest
    @CsvSource({"-301, more than 300 seconds old", "301, more than 300 seconds in the future"})
    void aTimestampOutsideTheToleranceIs401(long offset, String message, CapturedOutput output) {
        WebhookEndpoint endpoint = clerkEndpoint();
        byte[] body = ClerkEvents.fixture("user.created");

        HttpResponse<String> response = post(path(endpoint), body, ClerkEvents.headers(ClerkEvents.messageId(),
                Instant.now().getEpochSecond() + offset, body, ClerkEvents.SECRET));

        assertRefused(response, 401, "invalid_signature", "The svix-timestamp header is " + message, output);
    }

    @Test
    void oneFlippedBodyByteIs401(CapturedOutput output) {
        WebhookEndpoint endpoint = clerkEndpoint();
        byte[] body = ClerkEvents.fixture("user.created");
        String[] headers = ClerkEvents.headers(ClerkEvents.messageId(), body);
        byte[] tampered = Arrays.copyOf(body, body.length);
        int at = new String(tampered, StandardCharsets.ISO_8859_1).indexOf("ada@example.org");
        tampered[at] = 'e';

        assertRefused(post(path(endpoint), tampered, headers), 401, "invalid_signature", "No signature", output);
    }

    @Test
    void validlySignedBytesThatAreNotJsonAre400(CapturedOutput output) {
        assertPayloadRefused("<html>user.created</html>", "The body is not valid JSON, so it is not a Clerk event.", output);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"hello\": \"world\"}", "{\"type\": \"user.created\", \"data\": \"user_1\"}",
            "{\"type\": 42, \"data\": {}}", "{\"object\": \"event\", \"data\": {\"id\": \"user_1\"}}"})
    void validlySignedJsonThatIsNotAClerkEventIs400(String body, CapturedOutput output) {
        assertPayloadRefused(body, "The JSON is not a Clerk event: it needs a \"type\" and a \"data\" object.", output);
    }

    @Test
    void validlySignedJsonThatIsNotAnObjectIs400(CapturedOutput output) {
        assertPayloadRefused("[{\"type\": \"user.created\"}]", "The body is not a JSON object, so it is not a Clerk event.", output);
    }

    @Test
    void aClerkEventSentToAStripeEndpointIs404() {
        WebhookEndpoint stripe = stripeEndpoint();
        byte[] body = ClerkEvents.fixture("user.created");

        HttpResponse<String> response = post("/webhooks/clerk/" + stripe.id(), body, ClerkEvents.headers(ClerkEvents.messageId(), body));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(readJson(response.body()).path("error").asText()).isEqualTo("unknown_endpoint");
        assertThat(count("webhook_delivery")).isZero();
    }

    // ---- helpers

    private WebhookEndpoint clerkEndpoint() {
        return clerkEndpoint(endpoints.suggestedEvents("clerk"));
    }

    private WebhookEndpoint clerkEndpoint(Map<String, EventSettings> events) {
        return endpoints.create(new EndpointDraft("clerk", "Clerk test", ClerkEvents.SECRET, "members", true,
                new LinkedHashMap<>(events), null));
    }

    private HttpResponse<String> postClerk(WebhookEndpoint endpoint, String messageId, byte[] body) {
        return post(path(endpoint), body, ClerkEvents.headers(messageId, body));
    }

    private static String path(WebhookEndpoint endpoint) {
        return "/webhooks/clerk/" + endpoint.id();
    }

    private long contactId(String emailKey) {
        return ((Number) contactRow(emailKey).get("id")).longValue();
    }

    private JsonNode properties(String triggerEvent) {
        return readJson(jdbc.sql("SELECT record FROM trigger_event WHERE event_name = :name").param("name", triggerEvent)
                .query(String.class).single()).path("eventProperties");
    }

    private static Instant instant(Object timestamp) {
        return timestamp instanceof OffsetDateTime time ? time.toInstant() : ((java.sql.Timestamp) timestamp).toInstant();
    }

    private static String[] without(String[] headers, String name) {
        List<String> kept = new java.util.ArrayList<>();
        for (int i = 0; i < headers.length; i += 2) {
            if (!headers[i].equals(name)) {
                kept.add(headers[i]);
                kept.add(headers[i + 1]);
            }
        }
        return kept.toArray(String[]::new);
    }

    private void assertRefusedWithSignature(String signature, int status, String message, CapturedOutput output) {
        WebhookEndpoint endpoint = clerkEndpoint();
        byte[] body = ClerkEvents.fixture("user.created");
        HttpResponse<String> response = post(path(endpoint), body, "Content-Type", "application/json",
                "svix-id", ClerkEvents.messageId(), "svix-timestamp", Long.toString(Instant.now().getEpochSecond()),
                "svix-signature", signature);
        assertRefused(response, status, "invalid_signature", message, output);
    }

    private void assertPayloadRefused(String text, String message, CapturedOutput output) {
        WebhookEndpoint endpoint = clerkEndpoint();
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        assertRefused(post(path(endpoint), body, ClerkEvents.headers(ClerkEvents.messageId(), body)),
                400, "invalid_payload", message, output);
    }

    /** The refusal as the platform sees it, its row in the webhook log, and that nothing else was written or logged. */
    private void assertRefused(HttpResponse<String> response, int status, String error, String message, CapturedOutput output) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode reply = readJson(response.body());
        assertThat(reply.path("error").asText()).isEqualTo(error);
        assertThat(reply.path("message").asText()).contains(message);
        assertThat(reply.has("contact")).isFalse();
        assertThat(count("contact")).isZero();
        assertThat(count("trigger_event")).isZero();
        assertThat(count("processed_event")).isZero();
        Map<String, Object> logged = jdbc.sql("SELECT outcome, http_status, payload, message FROM webhook_delivery").query().singleRow();
        assertThat(logged).containsEntry("outcome", "rejected").containsEntry("http_status", status);
        assertThat(logged.get("payload")).isNull();
        assertThat((String) logged.get("message")).contains(message);
        assertThat(output.getAll()).doesNotContain(ClerkEvents.SECRET).doesNotContain("ada@example.org")
                .doesNotContain("v1,");
    }
}
