package dev.loops.webhooks.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loops.webhooks.endpoint.DeletionAction;
import dev.loops.webhooks.endpoint.EndpointDraft;
import dev.loops.webhooks.endpoint.EventSettings;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.support.ServiceTest;
import dev.loops.webhooks.support.StripeEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * All 19 Stripe event types a Loops user can send, including the ones whose payload carries no email:
 * where the contact comes from, what happens to it, and the properties its trigger event carries.
 */
class StripeEventCoverageTest extends ServiceTest {

    private static final String API_KEY = "rk_test_51AbCdEfGhIjKlMnOpQrStUv";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "checkout.session.completed,               checkout.session.completed,               chris@gorails.com",
            "checkout.session.async_payment_succeeded, checkout.session.async_payment_succeeded, chris@gorails.com",
            "checkout.session.async_payment_failed,    checkout.session.async_payment_failed,    example@example.com",
            "customer.created,                         customer.created,                         Zoe.Li@Example.COM",
            "customer.updated,                         customer.updated,                         zoe.li@example.com",
            "customer.subscription.created,            customer.subscription.created,            billz@supabase.io",
            "customer.subscription.paused,             customer.subscription.paused,             billz@supabase.io",
            "customer.subscription.resumed,            customer.subscription.resumed,            billz@supabase.io",
            "customer.subscription.trial_will_end,     customer.subscription.trial_will_end,     billz@supabase.io",
            "customer.subscription.deleted,            customer.subscription.deleted,            billz@supabase.io",
            "invoice.paid,                             invoice.paid,                             missouri@example.org",
            "invoice.payment_failed,                   invoice.payment_failed,                   customer@example.org",
            "invoice.upcoming,                         invoice.upcoming,                         customer@example.org",
            "charge.dispute.created,                   charge.dispute.created,                   disputer@example.com",
            "charge.dispute.closed,                    charge.dispute.closed,                    charged.customer@example.com",
            "quote.finalized,                          quote.finalized,                          quotes@example.com",
            "quote.accepted,                           quote.accepted,                           quotes@example.com",
            "quote.canceled,                           quote.canceled,                           quotes@example.com"})
    void everyTypeCreatesItsContactAndRecordsItsTriggerEvent(String type, String fixture, String email) {
        stripeCustomers();
        WebhookEndpoint endpoint = endpointTriggeringOnEveryType(API_KEY);

        HttpResponse<String> response = postSigned(endpoint, StripeEvents.fixture(fixture));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode reply = readJson(response.body());
        assertThat(reply.path("status").asText()).as(response.body()).isEqualTo("processed");
        assertThat(reply.path("contact").path("email").asText()).isEqualTo(email);
        assertThat(reply.path("triggeredEvent").asText()).isEqualTo(triggerName(type));
        JsonNode record = onlyTriggerRecord();
        assertThat(record.path("eventName").asText()).isEqualTo(triggerName(type));
        assertThat(record.path("source").path("eventType").asText()).isEqualTo(type);
        assertThat(record.path("eventProperties").size()).as(record.toString()).isPositive();
    }

    @Test
    void customerDeletedIsTheNineteenthTypeAndUnsubscribesByDefault() {
        WebhookEndpoint endpoint = endpointTriggeringOnEveryType(null);
        postSigned(endpoint, StripeEvents.fixture("customer.created"));

        HttpResponse<String> response = postSigned(endpoint, StripeEvents.fixture("customer.deleted"));

        JsonNode reply = readJson(response.body());
        assertThat(reply.path("status").asText()).as(response.body()).isEqualTo("processed");
        assertThat(reply.path("contact").path("action").asText()).isEqualTo("unsubscribed");
        assertThat(contactRow("zoe.li@example.com")).containsEntry("subscribed", false);
        assertThat(jdbc.sql("SELECT event_name FROM trigger_event ORDER BY seq").query(String.class).list())
                .containsExactly(triggerName("customer.created"), triggerName("customer.deleted"));
    }

    @Test
    void deletionCanDeleteTheContactKeepingItsTriggerEventsUnlinked() {
        WebhookEndpoint endpoint = endpointWith(Map.of(
                "customer.created", EventSettings.triggering("newStripeCustomer"),
                "customer.deleted", new EventSettings(null, "customerDeleted", null, null, DeletionAction.DELETE, null, null)), null);
        postSigned(endpoint, StripeEvents.fixture("customer.created"));

        JsonNode reply = readJson(postSigned(endpoint, StripeEvents.fixture("customer.deleted")).body());

        assertThat(reply.path("contact").path("action").asText()).isEqualTo("deleted");
        assertThat(reply.path("triggeredEvent").isNull()).isTrue();
        assertThat(count("contact")).isZero();
        assertThat(jdbc.sql("SELECT event_name FROM trigger_event WHERE contact_id IS NULL").query(String.class).list())
                .containsExactly("newStripeCustomer");
    }

    @Test
    void deletionActionNoneLeavesTheContactAsItIs() {
        WebhookEndpoint endpoint = endpointWith(Map.of(
                "customer.created", EventSettings.SYNC_ONLY,
                "customer.deleted", new EventSettings(null, null, null, null, DeletionAction.NONE, null, null)), null);
        postSigned(endpoint, StripeEvents.fixture("customer.created"));

        JsonNode reply = readJson(postSigned(endpoint, StripeEvents.fixture("customer.deleted")).body());

        assertThat(reply.path("contact").path("action").asText()).isEqualTo("unchanged");
        assertThat(contactRow("zoe.li@example.com")).containsEntry("subscribed", true);
    }

    @Test
    void aDeletionWithoutEmailFindsTheContactByItsStripeCustomerAndNeverCreatesOne() {
        WebhookEndpoint endpoint = endpointTriggeringOnEveryType(null);

        JsonNode unknown = readJson(postSigned(endpoint, StripeEvents.fixture("customer.deleted.stub")).body());
        assertThat(unknown.path("status").asText()).isEqualTo("ignored");
        assertThat(count("contact")).isZero();

        jdbc.sql("DELETE FROM processed_event").update();
        postSigned(endpoint, StripeEvents.fixture("customer.updated.email-change"));
        JsonNode deleted = readJson(postSigned(endpoint, StripeEvents.fixture("customer.deleted.stub")).body());
        assertThat(deleted.path("contact").path("email").asText()).isEqualTo("billz@supabase.io");
        assertThat(deleted.path("contact").path("action").asText()).isEqualTo("unsubscribed");
    }

    @Test
    void anEventWithOnlyACustomerIdUsesTheContactAlreadyLinkedToThatCustomer() {
        WebhookEndpoint endpoint = endpointTriggeringOnEveryType(null);
        postSigned(endpoint, StripeEvents.fixture("customer.updated.email-change"));

        HttpResponse<String> response = postSigned(endpoint, StripeEvents.fixture("customer.subscription.created"));

        JsonNode reply = readJson(response.body());
        assertThat(reply.path("status").asText()).as(response.body()).isEqualTo("processed");
        assertThat(reply.path("contact").path("email").asText()).isEqualTo("billz@supabase.io");
        // a subscription says nothing new about the person: the contact is found, and unchanged
        assertThat(reply.path("contact").path("action").asText()).isEqualTo("unchanged");
        assertThat(STRIPE_API.requests()).isEmpty();
        assertThat(count("contact")).isEqualTo(1);
    }

    @Test
    void aSubscriptionBeforeItsCustomerWithoutApiKeyIsIgnoredSayingHowToFixIt() {
        WebhookEndpoint endpoint = endpointTriggeringOnEveryType(null);

        HttpResponse<String> early = postSigned(endpoint, StripeEvents.fixture("customer.subscription.created"));

        assertThat(early.statusCode()).isEqualTo(200);
        JsonNode reply = readJson(early.body());
        assertThat(reply.path("status").asText()).isEqualTo("ignored");
        assertThat(reply.path("message").asText()).contains("no email address",
                "no contact is linked to Stripe customer cus_IhGfebO16cMIGN", "customer.created", "apiKey");
        assertThat(count("contact")).isZero();

        postSigned(endpoint, StripeEvents.fixture("customer.updated.email-change"));
        assertThat(count("contact")).isEqualTo(1);
    }

    @Test
    void aSubscriptionBeforeItsCustomerWithApiKeyLooksTheCustomerUpInStripe() {
        stripeCustomers();
        WebhookEndpoint endpoint = endpointTriggeringOnEveryType(API_KEY);

        JsonNode first = readJson(postSigned(endpoint, StripeEvents.fixture("customer.subscription.created")).body());
        JsonNode customer = readJson(postSigned(endpoint, StripeEvents.fixture("customer.updated.email-change")).body());

        assertThat(first.path("contact").path("action").asText()).isEqualTo("created");
        // Stripe's API already gave the contact the address and name the customer event carries
        assertThat(customer.path("contact").path("action").asText()).isEqualTo("unchanged");
        assertThat(count("contact")).isEqualTo(1);
        assertThat(contactRow("billz@supabase.io")).containsEntry("first_name", "Copple");
        assertThat(identities("billz@supabase.io")).containsExactly("stripe:cus_IhGfebO16cMIGN");
        assertThat(STRIPE_API.requests()).containsExactly("GET /v1/customers/cus_IhGfebO16cMIGN Bearer " + API_KEY);
    }

    @Test
    void aCustomerStripeDoesNotKnowIsIgnoredAndAnUnreachableApiIs503() {
        WebhookEndpoint endpoint = endpointTriggeringOnEveryType(API_KEY);

        JsonNode unknown = readJson(postSigned(endpoint, StripeEvents.fixture("quote.finalized")).body());
        assertThat(unknown.path("status").asText()).isEqualTo("ignored");
        assertThat(unknown.path("message").asText()).contains("Stripe has no email address for Stripe customer cus_QXg1o8vcGmoR32");

        STRIPE_API.failWith("/v1/customers/cus_QXg1o8vcGmoR32", 500);
        HttpResponse<String> failing = postSigned(endpoint, StripeEvents.fixture("quote.accepted"));
        assertThat(failing.statusCode()).isEqualTo(503);
        assertThat(failing.headers().firstValue("Retry-After")).isPresent();
        assertThat(readJson(failing.body()).path("message").asText()).contains("customer cus_QXg1o8vcGmoR32", "retry");

        STRIPE_API.failWith("/v1/customers/cus_QXg1o8vcGmoR32", 401);
        HttpResponse<String> refused = postSigned(endpoint, StripeEvents.fixture("quote.canceled"));
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(readJson(refused.body()).path("message").asText()).contains("refused the endpoint's API key")
                .doesNotContain(API_KEY);
        assertThat(count("contact")).isZero();
        assertThat(count("processed_event")).isZero();
    }

    @Test
    void aDisputeWithoutApiKeySaysTheChargeNeedsOne() {
        WebhookEndpoint endpoint = endpointTriggeringOnEveryType(null);
        JsonNode reply = readJson(postSigned(endpoint, StripeEvents.fixture("charge.dispute.created")).body());
        assertThat(reply.path("status").asText()).isEqualTo("ignored");
        assertThat(reply.path("message").asText()).contains("charge ch_3RWXidQ8iJWBZFaM07eC54Yk", "apiKey");
    }

    @Test
    void anEmailChangeMovesTheContactToTheNewAddress() {
        WebhookEndpoint endpoint = endpointTriggeringOnEveryType(null);
        jdbc.sql("""
                INSERT INTO contact (email, email_key, first_name, source, user_group, created_at, updated_at)
                VALUES ('Billing@Supabase.io', 'billing@supabase.io', 'Ant', 'Signup form', 'beta', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
                """).update();

        JsonNode reply = readJson(postSigned(endpoint, StripeEvents.fixture("customer.updated.email-change")).body());

        assertThat(reply.path("contact").path("email").asText()).isEqualTo("billz@supabase.io");
        assertThat(reply.path("contact").path("action").asText()).isEqualTo("updated");
        assertThat(reply.path("message").asText()).contains("email changed from billing@supabase.io");
        assertThat(count("contact")).isEqualTo(1);
        assertThat(contactRow("billz@supabase.io"))
                .containsEntry("email", "billz@supabase.io")
                .containsEntry("source", "Signup form")
                .containsEntry("user_group", "beta")
                .containsEntry("first_name", "Copple");
    }

    @Test
    void anEmailChangeToAnAddressWithItsOwnContactUpdatesThatOneAndSaysSo() {
        WebhookEndpoint endpoint = endpointTriggeringOnEveryType(null);
        for (String email : List.of("billing@supabase.io", "billz@supabase.io")) {
            jdbc.sql("""
                    INSERT INTO contact (email, email_key, source, created_at, updated_at)
                    VALUES (:email, :email, 'Import', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
                    """).param("email", email).update();
        }

        JsonNode reply = readJson(postSigned(endpoint, StripeEvents.fixture("customer.updated.email-change")).body());

        assertThat(reply.path("contact").path("email").asText()).isEqualTo("billz@supabase.io");
        assertThat(reply.path("message").asText()).contains("already had its own contact");
        assertThat(count("contact")).isEqualTo(2);
        assertThat(identities("billz@supabase.io")).containsExactly("stripe:cus_IhGfebO16cMIGN");
        assertThat(identities("billing@supabase.io")).isEmpty();
    }

    @Test
    void oneCheckoutSessionDeliveredUnderTwoTypesIsOneContactWithTwoTriggerEvents() {
        WebhookEndpoint endpoint = endpointTriggeringOnEveryType(null);

        postSigned(endpoint, StripeEvents.fixture("checkout.session.completed"));
        postSigned(endpoint, StripeEvents.fixture("checkout.session.async_payment_succeeded"));

        assertThat(count("contact")).isEqualTo(1);
        assertThat(contactRow("chris@gorails.com"))
                .containsEntry("first_name", "Chris").containsEntry("last_name", "Oliver");
        assertThat(identities("chris@gorails.com")).containsExactly("stripe:cus_M5wW9RPFk9xNZ5");
        assertThat(jdbc.sql("SELECT event_name FROM trigger_event ORDER BY seq").query(String.class).list())
                .containsExactly(triggerName("checkout.session.completed"),
                        triggerName("checkout.session.async_payment_succeeded"));
    }

    @Test
    void mailingListsAreSubscribedAndShownOnTheContact() {
        assertThat(admin("POST", "/api/mailing-lists", "{\"name\":\"Product updates\"}").statusCode()).isEqualTo(201);
        assertThat(admin("POST", "/api/mailing-lists", "{\"id\":\"customers\",\"name\":\"Customers\"}").statusCode()).isEqualTo(201);
        assertThat(admin("POST", "/api/mailing-lists", "{\"name\":\"Product updates\"}").statusCode()).isEqualTo(409);
        HttpResponse<String> unknownList = admin("POST", "/api/endpoints",
                "{\"name\":\"x\",\"events\":{\"invoice.paid\":{\"mailingLists\":[\"nope\"]}}}");
        assertThat(unknownList.statusCode()).isEqualTo(400);
        assertThat(readJson(unknownList.body()).path("detail").asText()).contains("lists that do not exist: nope");
        WebhookEndpoint endpoint = endpointWith(Map.of("invoice.paid",
                new EventSettings(null, null, null, null, null, List.of("product-updates", "customers"), null)), null);

        postSigned(endpoint, StripeEvents.fixture("invoice.paid"));
        postSigned(endpoint, StripeEvents.fixture("invoice.paid").clone());

        long contactId = ((Number) contactRow("missouri@example.org").get("id")).longValue();
        JsonNode contact = readJson(admin("GET", "/api/contacts/" + contactId, null).body());
        assertThat(contact.path("mailingLists")).hasSize(2);
        assertThat(contact.path("mailingLists").findValuesAsText("id")).containsExactly("customers", "product-updates");
        assertThat(readJson(admin("GET", "/api/mailing-lists", null).body()).findValuesAsText("name"))
                .containsExactly("Customers", "Product updates");
    }

    @Test
    void perEventUserGroupAndNameSyncApply() {
        WebhookEndpoint endpoint = endpointWith(Map.of(
                "invoice.paid", new EventSettings(null, null, "paying customers", false, null, null, null)), null);

        postSigned(endpoint, StripeEvents.fixture("invoice.paid"));

        Map<String, Object> contact = contactRow("missouri@example.org");
        assertThat(contact).containsEntry("user_group", "paying customers");
        assertThat(contact.get("first_name")).isNull();
    }

    @Test
    void aTypeSwitchedOffKeepsItsSettingsButIsIgnored() {
        WebhookEndpoint endpoint = endpointWith(Map.of(
                "invoice.paid", new EventSettings(false, "successfulPayment", null, null, null, null, null)), null);
        JsonNode reply = readJson(postSigned(endpoint, StripeEvents.fixture("invoice.paid")).body());
        assertThat(reply.path("status").asText()).isEqualTo("ignored");
        assertThat(reply.path("message").asText()).contains("not enabled", "enabled: none");
    }

    @Test
    void anOlderEventDoesNotOverwriteANewerOne() {
        WebhookEndpoint endpoint = endpointTriggeringOnEveryType(null);
        postSigned(endpoint, StripeEvents.fixture("customer.updated"));
        assertThat(contactRow("zoe.li@example.com")).containsEntry("last_name", "Li");

        // customer.created happened earlier than customer.updated, but arrives later
        postSigned(endpoint, StripeEvents.fixture("customer.created"));

        assertThat(contactRow("zoe.li@example.com")).containsEntry("first_name", "Zoë").containsEntry("last_name", "Li");
    }

    @Test
    void triggerEventsCarryEachFamilysPropertiesAsStripeSentThem() {
        stripeCustomers();
        WebhookEndpoint endpoint = endpointTriggeringOnEveryType(API_KEY);

        assertThat(propertiesOf(endpoint, "invoice.paid")).containsEntry("amountPaid", 24512).containsEntry("amountDue", 24512)
                .containsEntry("currency", "usd").containsEntry("invoiceNumber", "228BBE4A-0001")
                .containsKeys("hostedInvoiceUrl", "invoicePdf");
        assertThat(propertiesOf(endpoint, "invoice.payment_failed")).containsEntry("subscriptionId", "sub_1234");
        assertThat(propertiesOf(endpoint, "invoice.upcoming")).doesNotContainKey("invoiceId").containsEntry("amountDue", 1900);
        assertThat(propertiesOf(endpoint, "checkout.session.completed")).containsEntry("amountTotal", 1900)
                .containsEntry("currency", "usd").containsEntry("mode", "subscription").containsEntry("paymentStatus", "paid");
        assertThat(propertiesOf(endpoint, "customer.subscription.created")).containsEntry("status", "active")
                .containsEntry("priceId", "price_1IDQm5JDPojXS6LNM31hxKzp").containsEntry("productId", "prod_Ip4vqwv3EJ7Mi0")
                .containsEntry("currentPeriodEnd", 1625740918).containsEntry("cancelAtPeriodEnd", false)
                .doesNotContainKey("trialEnd");
        assertThat(propertiesOf(endpoint, "customer.subscription.trial_will_end")).containsEntry("trialEnd", 1668971983);
        assertThat(propertiesOf(endpoint, "charge.dispute.created")).containsEntry("amount", 100)
                .containsEntry("currency", "usd").containsEntry("reason", "fraudulent").containsEntry("status", "needs_response");
        assertThat(propertiesOf(endpoint, "quote.finalized")).containsEntry("number", "QT-7FE1103-0001-1")
                .containsEntry("amountTotal", 0).containsEntry("status", "open").containsEntry("expiresAt", 1234567890);

        String invoicePaidId = jdbc.sql("SELECT id FROM trigger_event WHERE source_event_type = 'invoice.paid'")
                .query(String.class).single();
        ConsumerRecord<String, String> record = kafkaRecord(invoicePaidId, Duration.ofSeconds(20));
        assertThat(readJson(record.value()).path("eventProperties").path("amountPaid").asLong()).isEqualTo(24512);
    }

    @Test
    void subscriptionsFromOldAndNewApiVersionsGiveTheSameProperties() {
        stripeCustomers();
        WebhookEndpoint endpoint = endpointTriggeringOnEveryType(API_KEY);

        Map<String, Object> legacy = propertiesOf(endpoint, "customer.subscription.created.2017");
        assertThat(legacy).containsEntry("status", "active").containsEntry("currentPeriodEnd", 1508370813)
                .containsKeys("priceId", "subscriptionId");
        Map<String, Object> legacyDeleted = propertiesOf(endpoint, "customer.subscription.deleted.2016");
        assertThat(legacyDeleted).containsEntry("status", "canceled").containsEntry("trialEnd", 1467992724);
    }

    private Map<String, Object> propertiesOf(WebhookEndpoint endpoint, String fixture) {
        HttpResponse<String> response = postSigned(endpoint, StripeEvents.fixture(fixture));
        JsonNode reply = readJson(response.body());
        assertThat(reply.path("status").asText()).as(fixture + ": " + response.body()).isEqualTo("processed");
        String eventId = reply.path("eventId").asText();
        String record = jdbc.sql("SELECT record FROM trigger_event WHERE source_event_id = :id")
                .param("id", eventId).query(String.class).single();
        return json.convertValue(readJson(record).path("eventProperties"), Map.class);
    }

    private JsonNode onlyTriggerRecord() {
        return readJson(jdbc.sql("SELECT record FROM trigger_event").query(String.class).single());
    }

    /** The customers and charges Stripe's API knows in these tests. */
    private static void stripeCustomers() {
        STRIPE_API.customer("cus_IhGfebO16cMIGN", "billz@supabase.io", "Copple");
        STRIPE_API.customer("cus_QXg1o8vcGmoR32", "quotes@example.com", "Quinn Quote");
        STRIPE_API.customer("cus_BQPtcL5VMHCNco", "legacy@example.com", null);
        STRIPE_API.customer("cus_DisputeCharged01", "charged.customer@example.com", "Charged Customer");
        STRIPE_API.charge("ch_3RWXidQ8iJWBZFaM07eC54Yk", null, "disputer@example.com", "Dee Sputer");
        STRIPE_API.charge("ch_3OzgpDH4tiDZlIUa0M7QchGT", "cus_DisputeCharged01", null, null);
    }

    private WebhookEndpoint endpointTriggeringOnEveryType(String apiKey) {
        Map<String, EventSettings> events = new LinkedHashMap<>();
        for (String type : endpoints.suggestedEvents("stripe").keySet()) {
            events.put(type, EventSettings.triggering(triggerName(type)));
        }
        return endpointWith(events, apiKey);
    }

    private WebhookEndpoint endpointWith(Map<String, EventSettings> events, String apiKey) {
        return endpoints.create(new EndpointDraft("stripe", "Coverage", SECRET, "customers", true, events, apiKey));
    }

    private static String triggerName(String type) {
        return "on_" + type.replace('.', '_');
    }
}
