package dev.loops.webhooks.contact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loops.webhooks.endpoint.DeletionAction;
import dev.loops.webhooks.endpoint.EventSettings;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.support.ServiceTest;
import dev.loops.webhooks.support.StripeEvents;
import org.junit.jupiter.api.Test;

/** Contacts as the admin API shows them, with the platform identities they are known by, and their trigger events. */
class ContactIdentitiesApiTest extends ServiceTest {

    @Test
    void aContactListsItsIdentitiesAndIsFoundByOne() {
        postSigned(stripeEndpoint(), StripeEvents.fixture("invoice.paid"));

        JsonNode byEmail = readJson(admin("GET", "/api/contacts?email=Missouri@Example.org", null).body()).get(0);
        assertThat(byEmail.path("identities").toString()).isEqualTo("[{\"provider\":\"stripe\",\"id\":\"cus_S9YwWMaQEgeJYO\"}]");
        assertThat(byEmail.has("stripeCustomerId")).isFalse();

        JsonNode byIdentity = readJson(admin("GET", "/api/contacts?identity=stripe:cus_S9YwWMaQEgeJYO", null).body());
        assertThat(byIdentity).hasSize(1);
        assertThat(byIdentity.get(0).path("email").asText()).isEqualTo("missouri@example.org");
        assertThat(readJson(admin("GET", "/api/contacts?identity=clerk:cus_S9YwWMaQEgeJYO", null).body())).isEmpty();
        assertThat(readJson(admin("GET", "/api/contacts/" + byEmail.path("id").asLong(), null).body())
                .path("identities").get(0).path("provider").asText()).isEqualTo("stripe");

        var malformed = admin("GET", "/api/contacts?identity=cus_S9YwWMaQEgeJYO", null);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(readJson(malformed.body()).path("detail").asText()).contains("<provider>:<id>");
    }

    @Test
    void theTriggerEventsOfADeletedContactAreStillListed() {
        WebhookEndpoint endpoint = stripeEndpoint("Deletes", null, Map.of(
                "customer.created", EventSettings.triggering("newStripeCustomer"),
                "customer.deleted", new EventSettings(null, null, null, null, DeletionAction.DELETE, null, null)));
        postSigned(endpoint, StripeEvents.fixture("customer.created"));
        String email = readJson(admin("GET", "/api/events", null).body()).get(0).path("email").asText();

        postSigned(endpoint, StripeEvents.fixture("customer.deleted"));

        assertThat(count("contact")).isZero();
        JsonNode events = readJson(admin("GET", "/api/events", null).body());
        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("eventName").asText()).isEqualTo("newStripeCustomer");
        assertThat(events.get(0).path("contactId").isNull()).isTrue();
        assertThat(readJson(admin("GET", "/api/events?email=" + email, null).body())).hasSize(1);
    }
}
