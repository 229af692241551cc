package dev.loops.webhooks.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loops.webhooks.endpoint.EndpointDraft;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.support.ServiceTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Imports of a Stripe account's customers (POST /api/endpoints/{id}/imports) against a local stand-in of Stripe's
 * customers list, through stripe-java and the same processing as a live webhook.
 */
class StripeImportTest extends ServiceTest {

    private static final String API_KEY = "rk_test_0123456789abcdefghijklmn";

    @Autowired
    private AudienceImports imports;

    private WebhookEndpoint endpointWithKey() {
        return endpoints.create(new EndpointDraft("stripe", "Stripe import", SECRET, "customers", true,
                endpoints.suggestedEvents("stripe"), API_KEY));
    }

    private void listCustomers(int from, int to) {
        for (int i = from; i < to; i++) {
            STRIPE_API.listedCustomer("cus_imp%04d".formatted(i), "person%04d@example.com".formatted(i), "Person " + i);
        }
    }

    private JsonNode startImport(WebhookEndpoint endpoint, String body) {
        HttpResponse<String> started = admin("POST", "/api/endpoints/" + endpoint.id() + "/imports", body);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode reply = readJson(started.body());
        assertThat(reply.path("state").asText()).isEqualTo("running");
        return reply;
    }

    private JsonNode awaitEnd(WebhookEndpoint endpoint, String importId) {
        String path = "/api/endpoints/" + endpoint.id() + "/imports/" + importId;
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> !readJson(admin("GET", path, null).body()).path("state").asText().equals("running"));
        return readJson(admin("GET", path, null).body());
    }

    @Test
    void importsEveryCustomerOverSeveralPagesOnceAndSkipsThoseWithoutEmail() {
        WebhookEndpoint endpoint = endpointWithKey();
        listCustomers(0, 248);
        STRIPE_API.listedCustomer("cus_noemail1", null, "No Email");
        STRIPE_API.listedCustomer("cus_noemail2", null, null);

        JsonNode report = awaitEnd(endpoint, startImport(endpoint, null).path("id").asText());

        assertThat(report.path("state").asText()).isEqualTo("completed");
        assertThat(report.path("pagesRead").asInt()).isEqualTo(3);
        assertThat(report.path("created").asInt()).isEqualTo(248);
        assertThat(report.path("skipped").asInt()).isEqualTo(2);
        assertThat(report.path("skipReasons").path("no email address").asInt()).isEqualTo(2);
        assertThat(report.path("errors").asInt()).isZero();
        assertThat(report.path("finishedAt").isNull()).isFalse();
        assertThat(count("contact")).isEqualTo(248);
        assertThat(identities("person0123@example.com")).containsExactly("stripe:cus_imp0123");
        assertThat(contactRow("person0123@example.com")).containsEntry("first_name", "Person").containsEntry("source", "Stripe webhook");
        // no welcome emails for an import unless asked
        assertThat(count("trigger_event")).isZero();
        // the webhook log shows where each came from, and keeps no address or phone number
        JsonNode log = readJson(admin("GET", "/api/deliveries?endpointId=" + endpoint.id() + "&limit=5", null).body());
        assertThat(log.path(0).path("origin").asText()).isEqualTo("import");
        String stored = jdbc.sql("SELECT payload FROM webhook_delivery WHERE event_id LIKE '%:cus_imp0001'").query(String.class).single();
        assertThat(stored).contains("person0001@example.com").doesNotContain("Main St").doesNotContain("+1555");
        // the customers list was read with the endpoint's key
        assertThat(STRIPE_API.requests()).allMatch(request -> request.endsWith("Bearer " + API_KEY));

        // a second run changes nothing
        JsonNode again = awaitEnd(endpoint, startImport(endpoint, "{}").path("id").asText());
        assertThat(again.path("state").asText()).isEqualTo("completed");
        assertThat(again.path("created").asInt()).isZero();
        assertThat(again.path("updated").asInt()).isZero();
        assertThat(again.path("unchanged").asInt()).isEqualTo(248);
        assertThat(count("contact")).isEqualTo(248);
        assertThat(readJson(admin("GET", "/api/endpoints/" + endpoint.id() + "/imports", null).body())).hasSize(2);
    }

    @Test
    void triggerEventsAreRecordedOnlyWhenTheImportAsksForThem() {
        WebhookEndpoint endpoint = endpoints.create(new EndpointDraft("stripe", "Stripe import", SECRET, "customers", true,
                java.util.Map.of("customer.updated", dev.loops.webhooks.endpoint.EventSettings.triggering("importedCustomer")), API_KEY));
        listCustomers(0, 3);

        JsonNode report = awaitEnd(endpoint, startImport(endpoint, "{\"triggerEvents\": true}").path("id").asText());

        assertThat(report.path("triggerEvents").asBoolean()).isTrue();
        assertThat(report.path("created").asInt()).isEqualTo(3);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM trigger_event WHERE event_name = 'importedCustomer'").query(Long.class).single())
                .isEqualTo(3);
    }

    @Test
    void rateLimitsAndServerErrorsAreRetriedWithBackoff() {
        WebhookEndpoint endpoint = endpointWithKey();
        listCustomers(0, 120);
        STRIPE_API.failListWith(429, 500);

        JsonNode report = awaitEnd(endpoint, startImport(endpoint, null).path("id").asText());

        assertThat(report.path("state").asText()).as(report.toString()).isEqualTo("completed");
        assertThat(report.path("created").asInt()).isEqualTo(120);
        assertThat(count("contact")).isEqualTo(120);
    }

    @Test
    void aKeyStripeRefusesFailsTheImportWithAClearErrorAndChangesNothing() {
        WebhookEndpoint endpoint = endpointWithKey();
        listCustomers(0, 5);
        STRIPE_API.failWith("/v1/customers", 401);

        JsonNode report = awaitEnd(endpoint, startImport(endpoint, null).path("id").asText());

        assertThat(report.path("state").asText()).isEqualTo("failed");
        assertThat(report.path("error").asText()).contains("Stripe refused the endpoint's API key").doesNotContain(API_KEY);
        assertThat(count("contact")).isZero();
        // the endpoint can import again once the key is fixed
        STRIPE_API.reset();
        listCustomers(0, 5);
        assertThat(awaitEnd(endpoint, startImport(endpoint, null).path("id").asText()).path("created").asInt()).isEqualTo(5);
    }

    @Test
    void anImportThatStoppedResumesAfterTheLastCustomerAppliedAndAppliesNoneTwice() {
        WebhookEndpoint endpoint = endpointWithKey();
        listCustomers(0, 100);
        String id = startImport(endpoint, null).path("id").asText();
        awaitEnd(endpoint, id);
        // as if the instance had died right after applying the 100th customer, with more of the list to read
        jdbc.sql("""
                        UPDATE audience_import SET state = 'running', running_endpoint_id = endpoint_id, finished_at = NULL,
                               lease_until = TIMESTAMP WITH TIME ZONE '2000-01-01 00:00:00+00' WHERE id = :id""")
                .param("id", id).update();
        listCustomers(100, 230);

        imports.resumeAbandoned();
        JsonNode report = awaitEnd(endpoint, id);

        assertThat(report.path("state").asText()).isEqualTo("completed");
        assertThat(report.path("created").asInt()).isEqualTo(230);
        assertThat(count("contact")).isEqualTo(230);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_delivery WHERE origin = 'import'").query(Long.class).single())
                .isEqualTo(230);
        assertThat(STRIPE_API.requests()).anyMatch(request -> request.contains("/v1/customers"));
    }

    @Test
    void oneImportPerEndpointAtATimeAndNoneWithoutAKey() {
        WebhookEndpoint endpoint = endpointWithKey();
        jdbc.sql("""
                        INSERT INTO audience_import (id, endpoint_id, provider, state, running_endpoint_id, trigger_events,
                                                     started_at, lease_until)
                        VALUES ('imp_running', :endpoint, 'stripe', 'running', :endpoint, FALSE, CURRENT_TIMESTAMP,
                                TIMESTAMP WITH TIME ZONE '2999-01-01 00:00:00+00')""")
                .param("endpoint", endpoint.id()).update();
        HttpResponse<String> second = admin("POST", "/api/endpoints/" + endpoint.id() + "/imports", null);
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.body()).contains("already running");

        WebhookEndpoint withoutKey = stripeEndpoint();
        HttpResponse<String> noKey = admin("POST", "/api/endpoints/" + withoutKey.id() + "/imports", null);
        assertThat(noKey.statusCode()).isEqualTo(409);
        assertThat(noKey.body()).contains("no API key");
        assertThat(admin("POST", "/api/endpoints/we_nosuchendpoint/imports", null).statusCode()).isEqualTo(404);
    }
}
