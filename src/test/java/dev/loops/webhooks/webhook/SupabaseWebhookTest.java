package dev.loops.webhooks.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loops.webhooks.support.ServiceTest;
import dev.loops.webhooks.support.SupabaseEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Supabase end to end: an endpoint created through the admin API issues the secret the Database Webhook sends in
 * X-Webhook-Secret, and auth.users INSERT, UPDATE and DELETE bodies, as Supabase's trigger sends them, keep the
 * contact in step; other tables and unauthenticated requests change nothing, and nothing of the auth.users row
 * beyond what the service uses is stored or logged.
 */
@ExtendWith(OutputCaptureExtension.class)
class SupabaseWebhookTest extends ServiceTest {

    private static final String PAT = "7c2f3a1e-5b4d-4e6f-9a8b-0c1d2e3f4a5b";
    private static final String TRIGGERING = """
            {"auth.users.INSERT": {"triggerEvent": "newSupabaseUser"}, "auth.users.UPDATE": {"triggerEvent": "supabaseUserUpdated"},
             "auth.users.DELETE": {}}""";

    @Autowired
    private DataSource dataSource;

    /** An endpoint as the admin API made it, and the secret it issued (which the hook sends). */
    private record SupabaseEndpoint(String id, String secret) {
    }

    // ---- the endpoint and its secret

    @Test
    void creatingASupabaseEndpointIssuesTheSecretTheHookSendsAndShowsOnlyAHint() {
        HttpResponse<String> created = admin("POST", "/api/endpoints",
                "{\"provider\": \"supabase\", \"name\": \"App users\", \"userGroup\": \"app users\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode view = readJson(created.body());
        String id = view.path("id").asText();
        assertThat(view.path("provider").asText()).isEqualTo("supabase");
        assertThat(view.path("url").asText()).endsWith("/webhooks/supabase/" + id);
        assertThat(view.path("events").fieldNames()).toIterable()
                .containsExactly("auth.users.INSERT", "auth.users.UPDATE", "auth.users.DELETE");
        String secret = endpoints.get(id).signingSecret();
        // 32 random bytes in base64url: more than the 128 bits the issue asks for, and safe in any header
        assertThat(secret).matches("[A-Za-z0-9_-]{43}");
        assertThat(view.path("signingSecretHint").asText()).isEqualTo("…" + secret.substring(secret.length() - 4));
        // shown once, in the answer to the creation, and never again
        assertThat(view.path("secretHeader").path("value").asText()).isEqualTo(secret);
        assertThat(admin("GET", "/api/endpoints/" + id, null).body()).doesNotContain(secret);
        assertThat(endpoints.get(supabaseEndpoint(TRIGGERING).id()).signingSecret()).isNotEqualTo(secret);

        HttpResponse<String> response = post(path(id), SupabaseEvents.fixture("auth.users.INSERT"), SupabaseEvents.headers(secret));
        assertThat(readJson(response.body()).path("status").asText()).isEqualTo("processed");
    }

    @Test
    void theCreatedAndRotatedResponsesCarryTheSecretHeaderOnce() {
        HttpResponse<String> created = admin("POST", "/api/endpoints", "{\"provider\": \"supabase\", \"name\": \"App users\"}");
        JsonNode view = readJson(created.body());
        String id = view.path("id").asText();
        assertThat(view.path("secretHeader").path("name").asText()).isEqualTo("X-Webhook-Secret");
        assertThat(view.path("secretHeader").path("value").asText()).isEqualTo(endpoints.get(id).signingSecret());
        assertThat(admin("GET", "/api/endpoints/" + id, null).body()).doesNotContain("secretHeader")
                .doesNotContain(endpoints.get(id).signingSecret());

        JsonNode rotated = readJson(admin("POST", "/api/endpoints/" + id + "/rotate-secret", "{}").body());
        assertThat(rotated.path("secretHeader").path("name").asText()).isEqualTo("X-Webhook-Secret");
        assertThat(rotated.path("secretHeader").path("value").asText()).isEqualTo(endpoints.get(id).signingSecret());
    }

    // ---- what each type syncs

    @Test
    void insertCreatesTheContactWithItsNamesIdentityAndTriggerEvent() throws Exception {
        SupabaseEndpoint endpoint = supabaseEndpoint(TRIGGERING);
        byte[] body = SupabaseEvents.fixture("auth.users.INSERT");

        HttpResponse<String> response = postSupabase(endpoint, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode reply = readJson(response.body());
        String eventId = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        assertThat(reply.path("status").asText()).isEqualTo("processed");
        assertThat(reply.path("eventId").asText()).isEqualTo(eventId);
        assertThat(reply.path("contact").path("email").asText()).isEqualTo("pat@example.com");
        assertThat(reply.path("contact").path("action").asText()).isEqualTo("created");
        assertThat(reply.path("triggeredEvent").asText()).isEqualTo("newSupabaseUser");
        assertThat(reply.path("message").asText()).isEqualTo("Contact pat@example.com created. Trigger event newSupabaseUser recorded.");

        assertThat(contactRow("pat@example.com")).containsEntry("first_name", "Pat").containsEntry("last_name", "Example")
                .containsEntry("source", "Supabase webhook").containsEntry("user_group", "app users")
                .containsEntry("subscribed", true);
        assertThat(identities("pat@example.com")).containsExactly("supabase:" + PAT);
        Map<String, Object> event = jdbc.sql("SELECT * FROM trigger_event").query().singleRow();
        assertThat(event).containsEntry("event_name", "newSupabaseUser").containsEntry("provider", "supabase")
                .containsEntry("source_event_id", eventId).containsEntry("source_event_type", "auth.users.INSERT");
        JsonNode record = readJson((String) event.get("record"));
        assertThat(record.path("eventProperties")).isEqualTo(readJson("""
                {"userId": "7c2f3a1e-5b4d-4e6f-9a8b-0c1d2e3f4a5b", "createdAt": "2024-03-01T10:00:00.000001+00:00"}"""));
        // the row's updated_at is the event's time, to the microsecond
        assertThat(record.path("occurredAt").asText()).isEqualTo("2024-03-01T10:00:00.004512Z");
        assertThat(jdbc.sql("SELECT provider || ' ' || event_type || ' ' || outcome || ' ' || event_id FROM webhook_delivery")
                .query(String.class).single()).isEqualTo("supabase auth.users.INSERT processed " + eventId);
    }

    @Test
    void aUserWithOnlyAFullNameGetsItSplit() {
        SupabaseEndpoint endpoint = supabaseEndpoint(TRIGGERING);

        postSupabase(endpoint, SupabaseEvents.fixture("auth.users.INSERT.full-name"));

        assertThat(contactRow("grace@example.com")).containsEntry("first_name", "Grace")
                .containsEntry("last_name", "Brewster Hopper");
        assertThat(identities("grace@example.com")).containsExactly("supabase:3e4d5c6b-7a89-4b0c-8d1e-2f3a4b5c6d7e");
    }

    @Test
    void aPhoneOnlyUserIsIgnoredWithAMessage() {
        SupabaseEndpoint endpoint = supabaseEndpoint(TRIGGERING);

        HttpResponse<String> response = postSupabase(endpoint, SupabaseEvents.fixture("auth.users.INSERT.phone-only"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode reply = readJson(response.body());
        assertThat(reply.path("status").asText()).isEqualTo("ignored");
        assertThat(reply.path("message").asText()).isEqualTo("The auth.users.INSERT event carries no email address, and "
                + "no contact is linked to Supabase user 0b9a8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d yet. A user who signed up "
                + "with a phone number only has no address to send email to. Nothing was changed.");
        assertThat(count("contact")).isZero();
        assertThat(count("trigger_event")).isZero();
    }

    @Test
    void aSignInRecordsNoTriggerEvent() {
        SupabaseEndpoint endpoint = supabaseEndpoint(TRIGGERING);
        postSupabase(endpoint, SupabaseEvents.fixture("auth.users.INSERT"));

        JsonNode reply = readJson(postSupabase(endpoint, SupabaseEvents.fixture("auth.users.UPDATE.sign-in")).body());

        assertThat(reply.path("status").asText()).isEqualTo("processed");
        assertThat(reply.path("contact").path("action").asText()).isEqualTo("unchanged");
        assertThat(reply.path("triggeredEvent").isNull()).isTrue();
        assertThat(reply.path("message").asText())
                .isEqualTo("Contact pat@example.com unchanged. No trigger event: nothing the contact holds changed.");
        assertThat(jdbc.sql("SELECT event_name FROM trigger_event").query(String.class).list()).containsExactly("newSupabaseUser");
    }

    @Test
    void aSignInRecordsATriggerEventWhenTheEndpointAsksForOneEveryTime() {
        SupabaseEndpoint endpoint = supabaseEndpoint("""
                {"auth.users.INSERT": {}, "auth.users.UPDATE": {"triggerEvent": "supabaseSignIn", "triggerWhenUnchanged": true}}""");
        postSupabase(endpoint, SupabaseEvents.fixture("auth.users.INSERT"));

        JsonNode reply = readJson(postSupabase(endpoint, SupabaseEvents.fixture("auth.users.UPDATE.sign-in")).body());

        assertThat(reply.path("contact").path("action").asText()).isEqualTo("unchanged");
        assertThat(reply.path("triggeredEvent").asText()).isEqualTo("supabaseSignIn");
        assertThat(jdbc.sql("SELECT event_name FROM trigger_event").query(String.class).list()).containsExactly("supabaseSignIn");
    }

    @Test
    void anAddressPendingInEmailChangeIsNotApplied() {
        SupabaseEndpoint endpoint = supabaseEndpoint(TRIGGERING);
        postSupabase(endpoint, SupabaseEvents.fixture("auth.users.INSERT"));

        JsonNode reply = readJson(postSupabase(endpoint, SupabaseEvents.fixture("auth.users.UPDATE.email-change-pending")).body());

        assertThat(reply.path("contact").path("email").asText()).isEqualTo("pat@example.com");
        assertThat(reply.path("contact").path("action").asText()).isEqualTo("unchanged");
        assertThat(jdbc.sql("SELECT email FROM contact").query(String.class).list()).containsExactly("pat@example.com");
    }

    @Test
    void aChangedEmailMovesTheContact() {
        SupabaseEndpoint endpoint = supabaseEndpoint(TRIGGERING);
        postSupabase(endpoint, SupabaseEvents.fixture("auth.users.INSERT"));
        long contactId = contactId("pat@example.com");

        JsonNode reply = readJson(postSupabase(endpoint, SupabaseEvents.fixture("auth.users.UPDATE.email-changed")).body());

        assertThat(reply.path("contact").path("email").asText()).isEqualTo("pat.new@example.com");
        assertThat(reply.path("contact").path("action").asText()).isEqualTo("updated");
        assertThat(reply.path("triggeredEvent").asText()).isEqualTo("supabaseUserUpdated");
        assertThat(reply.path("message").asText()).isEqualTo("Contact pat.new@example.com updated. Its email changed from "
                + "pat@example.com. Trigger event supabaseUserUpdated recorded.");
        assertThat(count("contact")).isEqualTo(1);
        assertThat(contactId("pat.new@example.com")).isEqualTo(contactId);
        assertThat(identities("pat.new@example.com")).containsExactly("supabase:" + PAT);
    }

    @Test
    void deleteUnsubscribesTheContactOfTheOldRecordsUser() {
        SupabaseEndpoint endpoint = supabaseEndpoint(TRIGGERING);
        postSupabase(endpoint, SupabaseEvents.fixture("auth.users.INSERT"));

        JsonNode reply = readJson(postSupabase(endpoint, SupabaseEvents.fixture("auth.users.DELETE")).body());

        // old_record carries the address the user had last (pat.new@...); the contact is found by the user's id
        assertThat(reply.path("status").asText()).as(reply.toString()).isEqualTo("processed");
        assertThat(reply.path("contact").path("email").asText()).isEqualTo("pat@example.com");
        assertThat(reply.path("contact").path("action").asText()).isEqualTo("unsubscribed");
        assertThat(contactRow("pat@example.com")).containsEntry("subscribed", false);
        assertThat(count("contact")).isEqualTo(1);
    }

    @Test
    void deleteWithTheDeleteActionDeletesTheContact() {
        SupabaseEndpoint endpoint = supabaseEndpoint("""
                {"auth.users.INSERT": {}, "auth.users.DELETE": {"deletionAction": "delete"}}""");
        postSupabase(endpoint, SupabaseEvents.fixture("auth.users.INSERT"));

        JsonNode reply = readJson(postSupabase(endpoint, SupabaseEvents.fixture("auth.users.DELETE")).body());

        assertThat(reply.path("contact").path("action").asText()).isEqualTo("deleted");
        assertThat(count("contact")).isZero();
    }

    @Test
    void deleteOfAUserWithoutContactCreatesNone() {
        SupabaseEndpoint endpoint = supabaseEndpoint(TRIGGERING);

        JsonNode reply = readJson(postSupabase(endpoint, SupabaseEvents.fixture("auth.users.DELETE")).body());

        assertThat(reply.path("status").asText()).isEqualTo("ignored");
        assertThat(reply.path("message").asText()).isEqualTo("No contact has the address pat.new@example.com, so there is "
                + "nothing to remove. Nothing was changed.");
        assertThat(count("contact")).isZero();
    }

    @Test
    void anotherTableIsIgnoredNamingIt() {
        SupabaseEndpoint endpoint = supabaseEndpoint(TRIGGERING);

        HttpResponse<String> response = postSupabase(endpoint, SupabaseEvents.fixture("public.profiles.INSERT"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode reply = readJson(response.body());
        assertThat(reply.path("status").asText()).isEqualTo("ignored");
        assertThat(reply.path("message").asText()).isEqualTo("Event type public.profiles.INSERT is not supported, so it "
                + "was ignored. Supported: auth.users.INSERT, auth.users.UPDATE, auth.users.DELETE.");
        assertThat(count("contact")).isZero();
        assertThat(jdbc.sql("SELECT event_type FROM webhook_delivery").query(String.class).single()).isEqualTo("public.profiles.INSERT");
    }

    @Test
    void supabasesRetryOfTheSameBodyIsADuplicate() {
        SupabaseEndpoint endpoint = supabaseEndpoint(TRIGGERING);
        byte[] body = SupabaseEvents.fixture("auth.users.INSERT");
        String eventId = readJson(postSupabase(endpoint, body).body()).path("eventId").asText();
        Map<String, Object> before = contactRow("pat@example.com");

        JsonNode retry = readJson(postSupabase(endpoint, body).body());

        assertThat(retry.path("status").asText()).isEqualTo("duplicate");
        assertThat(retry.path("eventId").asText()).isEqualTo(eventId);
        assertThat(contactRow("pat@example.com")).isEqualTo(before);
        assertThat(count("trigger_event")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT outcome FROM webhook_delivery ORDER BY id").query(String.class).list())
                .containsExactly("processed", "duplicate");
    }

    // ---- replay from the webhook log

    @Test
    void aStoredDeliveryReplaysThroughTheSupabaseRouteAsItWasProcessedLive() {
        SupabaseEndpoint endpoint = supabaseEndpoint(TRIGGERING);
        JsonNode live = readJson(postSupabase(endpoint, SupabaseEvents.fixture("auth.users.INSERT")).body());
        long original = jdbc.sql("SELECT id FROM webhook_delivery").query(Long.class).single();

        JsonNode replayed = readJson(admin("POST", "/api/deliveries/" + original + "/replay", null).body());

        assertThat(replayed.path("status").asText()).isEqualTo("duplicate");
        assertThat(replayed.path("eventId").asText()).isEqualTo(live.path("eventId").asText());
        assertThat(replayed.path("replayOf").asLong()).isEqualTo(original);

        // the contact is gone (say, removed by hand); a forced replay makes it again from what the log kept
        jdbc.sql("DELETE FROM trigger_event").update();
        jdbc.sql("DELETE FROM contact").update();
        JsonNode forced = readJson(admin("POST", "/api/deliveries/" + original + "/replay?force=true", null).body());

        assertThat(forced.path("status").asText()).as(forced.toString()).isEqualTo("processed");
        assertThat(forced.path("contact")).isEqualTo(live.path("contact"));
        assertThat(forced.path("triggeredEvent").asText()).isEqualTo("newSupabaseUser");
        assertThat(forced.path("message").asText()).isEqualTo(live.path("message").asText());
        assertThat(contactRow("pat@example.com")).containsEntry("first_name", "Pat").containsEntry("last_name", "Example")
                .containsEntry("source", "Supabase webhook");
        assertThat(identities("pat@example.com")).containsExactly("supabase:" + PAT);
        assertThat(jdbc.sql("SELECT provider || ' ' || event_type || ' ' || outcome FROM webhook_delivery WHERE replay_of = :id "
                + "ORDER BY id").param("id", original).query(String.class).list())
                .containsExactly("supabase auth.users.INSERT duplicate", "supabase auth.users.INSERT processed");
    }

    // ---- requests refused: 401 or 400, nothing written

    @ParameterizedTest
    @ValueSource(strings = {"", "not-the-secret", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void aWrongSecretIs401(String value, CapturedOutput output) {
        SupabaseEndpoint endpoint = supabaseEndpoint(TRIGGERING);
        byte[] body = SupabaseEvents.fixture("auth.users.INSERT");
        String[] headers = value.isEmpty() ? new String[] {"Content-Type", "application/json"} : SupabaseEvents.headers(value);

        HttpResponse<String> response = post(path(endpoint.id()), body, headers);

        assertRefused(response, 401, "invalid_signature",
                value.isEmpty() ? "Missing X-Webhook-Secret header" : "The X-Webhook-Secret header does not match", output);
        assertThat(output.getAll()).doesNotContain(endpoint.secret());
    }

    @Test
    void theSecretInAnotherCaseIs401(CapturedOutput output) {
        SupabaseEndpoint endpoint = supabaseEndpoint(TRIGGERING);
        String other = swapCase(endpoint.secret());

        HttpResponse<String> response = post(path(endpoint.id()), SupabaseEvents.fixture("auth.users.INSERT"), SupabaseEvents.headers(other));

        assertRefused(response, 401, "invalid_signature", "does not match", output);
    }

    @Test
    void thePreviousSecretIsAcceptedDuringARotationAndNotAfterIt() {
        SupabaseEndpoint endpoint = supabaseEndpoint(TRIGGERING);

        HttpResponse<String> rotated = admin("POST", "/api/endpoints/" + endpoint.id() + "/rotate-secret",
                "{\"previousSecretValidForHours\": 24}");

        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        String current = endpoints.get(endpoint.id()).signingSecret();
        assertThat(current).isNotEqualTo(endpoint.secret()).matches("[A-Za-z0-9_-]{43}");
        // the new value is shown once, in the rotation's answer; the previous one is not shown again
        assertThat(readJson(rotated.body()).path("secretHeader").path("value").asText()).isEqualTo(current);
        assertThat(rotated.body()).doesNotContain(endpoint.secret());
        assertThat(readJson(postSupabase(endpoint.id(), endpoint.secret(), SupabaseEvents.fixture("auth.users.INSERT")).body())
                .path("status").asText()).isEqualTo("processed");
        assertThat(readJson(postSupabase(endpoint.id(), current, SupabaseEvents.fixture("auth.users.UPDATE.email-changed")).body())
                .path("status").asText()).isEqualTo("processed");

        admin("POST", "/api/endpoints/" + endpoint.id() + "/rotate-secret", "{\"previousSecretValidForHours\": 0}");

        HttpResponse<String> stale = postSupabase(endpoint.id(), current, SupabaseEvents.fixture("auth.users.DELETE"));
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(contactRow("pat.new@example.com")).containsEntry("subscribed", true);
    }

    @Test
    void validlyAuthenticatedBytesThatAreNotJsonAre400(CapturedOutput output) {
        SupabaseEndpoint endpoint = supabaseEndpoint(TRIGGERING);
        HttpResponse<String> response = post(path(endpoint.id()), "type=INSERT&table=users".getBytes(StandardCharsets.UTF_8),
                SupabaseEvents.headers(endpoint.secret()));
        assertRefused(response, 400, "invalid_payload", "The body is not valid JSON, so it is not a Supabase event.", output);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"hello\": \"world\"}", "{\"type\": \"INSERT\", \"table\": \"users\", \"record\": {}}",
            "{\"type\": \"INSERT\", \"table\": [\"users\"], \"schema\": \"auth\"}"})
    void validlyAuthenticatedJsonThatIsNotASupabaseWebhookIs400(String body, CapturedOutput output) {
        SupabaseEndpoint endpoint = supabaseEndpoint(TRIGGERING);
        HttpResponse<String> response = post(path(endpoint.id()), body.getBytes(StandardCharsets.UTF_8),
                SupabaseEvents.headers(endpoint.secret()));
        assertRefused(response, 400, "invalid_payload", "The JSON is not a Supabase database webhook: it needs "
                + "\"type\", \"table\" and \"schema\".", output);
    }

    // ---- privacy: the password hash, tokens and app metadata of auth.users go nowhere

    @Test
    void nothingOfTheAuthUsersRowBeyondWhatIsUsedIsStoredOrLogged(CapturedOutput output) throws Exception {
        SupabaseEndpoint endpoint = supabaseEndpoint("""
                {"auth.users.INSERT": {"triggerEvent": "newSupabaseUser"},
                 "auth.users.UPDATE": {"triggerEvent": "supabaseUserUpdated", "triggerWhenUnchanged": true},
                 "auth.users.DELETE": {"triggerEvent": "supabaseUserDeleted"}}""");
        List<String> fixtures = List.of("auth.users.INSERT", "auth.users.INSERT.full-name", "auth.users.INSERT.phone-only",
                "auth.users.UPDATE.sign-in", "auth.users.UPDATE.email-change-pending", "auth.users.UPDATE.email-changed",
                "auth.users.DELETE");
        Set<String> secrets = new LinkedHashSet<>(List.of("encrypted_password", "raw_app_meta_data", "confirmation_token",
                "recovery_token", "email_change_token_new", "$2a$10$"));
        for (String fixture : fixtures) {
            byte[] body = SupabaseEvents.fixture(fixture);
            secrets.addAll(privateValues(readJson(new String(body, StandardCharsets.UTF_8))));
            assertThat(postSupabase(endpoint, body).statusCode()).as(fixture).isEqualTo(200);
        }
        // the fixtures carry each kind, so the search below looks for something real
        assertThat(secrets).contains("$2a$10$PatHashQ9v7Zk3Lm1Np5Rt8Wx2Yb4Cd6Ef0Gh2Ij4Kl6Mn8Op0Qr2St4",
                "ct7e4b2a91c0d3f5e6a8b9c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8", "rt3c9d1e7f2a4b6c8d0e1f3a5b7c9d2e4f6a8b0c1d3e5f7a9b2c4d6e8",
                "ect5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9", "appmeta-owner-5d1e", "appmeta-google-8a2c");
        assertThat(count("trigger_event")).isEqualTo(6);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_delivery WHERE payload IS NOT NULL").query(Long.class).single()).isEqualTo(7);

        List<String> stored = everyStoredValue();
        assertThat(stored).anyMatch(value -> value.contains("pat.new@example.com"));
        for (String secret : secrets) {
            assertThat(stored).as("stored values containing " + secret).noneMatch(value -> value.contains(secret));
            assertThat(output.getAll()).as("log output").doesNotContain(secret);
        }
        for (JsonNode delivery : readJson(admin("GET", "/api/deliveries", null).body())) {
            String detail = admin("GET", "/api/deliveries/" + delivery.path("id").asLong(), null).body();
            secrets.forEach(secret -> assertThat(detail).doesNotContain(secret));
        }
        String events = admin("GET", "/api/events", null).body();
        secrets.forEach(secret -> assertThat(events).doesNotContain(secret));
    }

    // ---- helpers

    /** Creates the endpoint through the admin API, as a user would, and reads the secret it issued from the service. */
    private SupabaseEndpoint supabaseEndpoint(String events) {
        HttpResponse<String> created = admin("POST", "/api/endpoints", "{\"provider\": \"supabase\", \"name\": \"Supabase "
                + "test\", \"userGroup\": \"app users\", \"events\": " + events + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = readJson(created.body()).path("id").asText();
        return new SupabaseEndpoint(id, endpoints.get(id).signingSecret());
    }

    private HttpResponse<String> postSupabase(SupabaseEndpoint endpoint, byte[] body) {
        return postSupabase(endpoint.id(), endpoint.secret(), body);
    }

    private HttpResponse<String> postSupabase(String endpointId, String secret, byte[] body) {
        return post(path(endpointId), body, SupabaseEvents.headers(secret));
    }

    private static String path(String endpointId) {
        return "/webhooks/supabase/" + endpointId;
    }

    private long contactId(String emailKey) {
        return ((Number) contactRow(emailKey).get("id")).longValue();
    }

    /** The values of record and old_record the service must not keep: the password hash, tokens, app metadata. */
    private static Set<String> privateValues(JsonNode event) {
        Set<String> values = new LinkedHashSet<>();
        for (JsonNode row : List.of(event.path("record"), event.path("old_record"))) {
            for (String field : List.of("encrypted_password", "confirmation_token", "recovery_token",
                    "email_change_token_new", "email_change_token_current", "reauthentication_token", "phone_change_token")) {
                String value = row.path(field).asText("");
                if (!value.isEmpty()) {
                    values.add(value);
                }
            }
            JsonNode appMetadata = row.path("raw_app_meta_data");
            if (appMetadata.isObject()) {
                values.add(appMetadata.path("billing_role").asText());
            }
        }
        return values;
    }

    /** Every value of every column of every table of the service's schema, as text. */
    private List<String> everyStoredValue() throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet found = connection.getMetaData().getTables(connection.getCatalog(), connection.getSchema(), "%",
                    new String[] {"TABLE"})) {
                while (found.next()) {
                    tables.add(found.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).map(String::toLowerCase).contains("contact", "contact_identity", "webhook_delivery",
                    "trigger_event", "processed_event", "webhook_endpoint");
            for (String table : tables) {
                try (var statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int i = 1; i <= columns; i++) {
                            String value = rows.getString(i);
                            if (value != null) {
                                values.add(value);
                            }
                        }
                    }
                }
            }
        }
        return values;
    }

    private static String swapCase(String text) {
        StringBuilder swapped = new StringBuilder();
        for (char c : text.toCharArray()) {
            swapped.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return swapped.toString();
    }

    private void assertRefused(HttpResponse<String> response, int status, String error, String message, CapturedOutput output) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode reply = readJson(response.body());
        assertThat(reply.path("error").asText()).isEqualTo(error);
        assertThat(reply.path("message").asText()).contains(message);
        assertThat(count("contact")).isZero();
        assertThat(count("trigger_event")).isZero();
        assertThat(count("processed_event")).isZero();
        Map<String, Object> logged = jdbc.sql("SELECT outcome, http_status, payload FROM webhook_delivery").query().singleRow();
        assertThat(logged).containsEntry("outcome", "rejected").containsEntry("http_status", status);
        assertThat(logged.get("payload")).isNull();
        assertThat(output.getAll()).doesNotContain("pat@example.com").doesNotContain("encrypted_password");
    }
}
