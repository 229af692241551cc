package dev.loops.webhooks.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loops.webhooks.endpoint.EndpointDraft;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.platform.CatalogEntry;
import dev.loops.webhooks.platform.EventCatalog;
import dev.loops.webhooks.platform.EventSamples;
import dev.loops.webhooks.platform.Platform;
import dev.loops.webhooks.support.ServiceTest;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.web.server.ResponseStatusException;

/**
 * Test events end to end: for every type of every platform's catalog, the sample of its route file, signed by the
 * platform's scheme with the endpoint's secret, posted to the service's own webhook URL, goes through the real
 * verification and processing; and what is refused before anything is sent.
 */
class TestEventsTest extends ServiceTest {

    private static final String CLERK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    /**
     * Types whose events name only a Stripe customer: a test customer is linked to no contact and unknown to
     * Stripe's API, so the pipeline rightly ignores them with its hint.
     */
    private static final Set<String> NAME_ONLY_A_CUSTOMER = Set.of("customer.subscription.created",
            "customer.subscription.paused", "customer.subscription.resumed", "customer.subscription.trial_will_end",
            "customer.subscription.deleted", "quote.finalized", "quote.accepted", "quote.canceled");

    /** Waitlist entries carry an address only, no name. */
    private static final Set<String> WITHOUT_A_NAME = Set.of("waitlistEntry.created", "waitlistEntry.updated");

    @Autowired
    private TestEvents testEvents;

    @Autowired
    private EventCatalog catalog;

    @Autowired
    private EventSamples samples;

    @Autowired
    private BeanFactory beans;

    @Autowired
    private Clock clock;

    @Test
    void everyFamilyOfTheThreePlatformsHasASample() {
        assertThat(catalog.platforms()).extracting(Platform::name).contains("stripe", "clerk", "supabase");
        for (Platform platform : catalog.platforms()) {
            assertThat(catalog.entries(platform.name())).as(platform.name())
                    .isNotEmpty().allSatisfy(entry -> assertThat(entry.sample()).as(entry.type()).isNotBlank());
        }
    }

    @Test
    void aTestEventOfEveryTypeOfEveryPlatformGoesThroughVerificationAndProcessing() {
        SoftAssertions softly = new SoftAssertions();
        int sent = 0;
        for (Platform platform : catalog.platforms()) {
            WebhookEndpoint endpoint = endpointOf(platform.name());
            for (CatalogEntry entry : catalog.entries(platform.name())) {
                TestEventReply reply = testEvents.send(endpoint.id(), entry.type());
                sent++;
                String what = platform.name() + " " + entry.type() + ": " + reply;
                softly.assertThat(reply.type()).as(what).isEqualTo(entry.type());
                softly.assertThat(reply.delivered()).as(what).isTrue();
                softly.assertThat(reply.status()).as(what).isEqualTo(200);
                softly.assertThat(reply.email()).as(what).matches("test\\+[0-9a-f]{8}@example\\.com");
                JsonNode body = readJson(reply.body());
                softly.assertThat(body.path("eventId").asText()).as(what).isEqualTo(reply.eventId());
                if (entry.deletion()) {
                    // the test person was never a contact: nothing to remove
                    softly.assertThat(body.path("status").asText()).as(what).isEqualTo("ignored");
                    softly.assertThat(body.path("message").asText()).as(what).contains("so there is nothing to remove");
                } else if (NAME_ONLY_A_CUSTOMER.contains(entry.type())) {
                    softly.assertThat(body.path("status").asText()).as(what).isEqualTo("ignored");
                    softly.assertThat(body.path("message").asText()).as(what)
                            .contains("no contact is linked to Stripe customer cus_test_");
                } else {
                    softly.assertThat(body.path("status").asText()).as(what).isEqualTo("processed");
                    softly.assertThat(body.path("contact").path("email").asText()).as(what).isEqualTo(reply.email());
                    Map<String, Object> contact = contactRow(reply.email());
                    softly.assertThat(contact).as(what).containsEntry("email", reply.email())
                            .containsEntry("source", platform.source());
                    if (!WITHOUT_A_NAME.contains(entry.type())) {
                        softly.assertThat(contact.get("first_name")).as(what).isEqualTo("Test");
                    }
                }
                // it is in the webhook log like any delivery
                softly.assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_delivery WHERE event_id = :id")
                        .param("id", reply.eventId()).query(Long.class).single()).as(what).isEqualTo(1L);
            }
        }
        softly.assertAll();
        assertThat(sent).isGreaterThanOrEqualTo(27);
    }

    @Test
    void theSamplesNameThePlatformsIdentityOfThePerson() {
        WebhookEndpoint clerk = endpointOf("clerk");
        TestEventReply user = testEvents.send(clerk.id(), "user.created");
        assertThat(identities(user.email())).singleElement().asString().startsWith("clerk:user_");
        assertThat(readJson(user.body()).path("triggeredEvent").asText()).isEqualTo("newClerkUser");
        assertThat(user.eventId()).matches("msg_[A-Za-z0-9]{24}");

        WebhookEndpoint stripe = endpointOf("stripe");
        TestEventReply customer = testEvents.send(stripe.id(), "customer.created");
        assertThat(identities(customer.email())).singleElement().asString().startsWith("stripe:cus_test_");
        assertThat(customer.eventId()).matches("evt_test_[A-Za-z0-9]{24}");
        assertThat(contactRow(customer.email())).containsEntry("first_name", "Test").containsEntry("last_name", "Customer");

        WebhookEndpoint supabase = endpointOf("supabase");
        TestEventReply inserted = testEvents.send(supabase.id(), "auth.users.INSERT");
        assertThat(identities(inserted.email())).singleElement().asString()
                .matches("supabase:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        // Supabase sends no id: the reply's is the hash the webhook log keeps
        assertThat(inserted.eventId()).startsWith("sha256:");
    }

    @Test
    void aTestEventIsSignedWithTheCurrentSecretAfterARotation() {
        WebhookEndpoint supabase = endpointOf("supabase");
        endpoints.rotateSecret(supabase.id(), null, Duration.ZERO);

        TestEventReply reply = testEvents.send(supabase.id(), "auth.users.INSERT");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(readJson(reply.body()).path("status").asText()).isEqualTo("processed");
    }

    @Test
    void aTypeNotInThePlatformsCatalogIsRefusedWithTheSupportedOnes() {
        WebhookEndpoint clerk = endpointOf("clerk");

        assertThatThrownBy(() -> testEvents.send(clerk.id(), "invoice.paid"))
                .isInstanceOf(TestEventRefusedException.class)
                .extracting(e -> ((ResponseStatusException) e).getReason()).asString()
                .isEqualTo("Event type 'invoice.paid' is not one of Clerk's; supported: user.created, user.updated, "
                        + "user.deleted, waitlistEntry.created, waitlistEntry.updated");
        assertThat(count("webhook_delivery")).isZero();
    }

    @Test
    void aDisabledEndpointOrOneWithoutASecretGetsNoRequest() {
        WebhookEndpoint disabled = endpoints.create(new EndpointDraft("stripe", "Disabled", SECRET, null, false,
                endpoints.suggestedEvents("stripe"), null));
        WebhookEndpoint noSecret = endpoints.create(new EndpointDraft("stripe", "No secret", null, null, true,
                endpoints.suggestedEvents("stripe"), null));

        assertThatThrownBy(() -> testEvents.send(disabled.id(), "customer.created"))
                .isInstanceOf(TestEventRefusedException.class)
                .extracting(e -> ((ResponseStatusException) e).getReason()).asString()
                .startsWith("The endpoint is disabled");
        assertThatThrownBy(() -> testEvents.send(noSecret.id(), "customer.created"))
                .isInstanceOf(TestEventRefusedException.class)
                .extracting(e -> ((ResponseStatusException) e).getReason()).asString()
                .startsWith("The endpoint has no signing secret yet");
        assertThat(count("webhook_delivery")).isZero();
        assertThat(count("contact")).isZero();
    }

    @Test
    void anUnknownEndpointIsNotFound() {
        assertThatThrownBy(() -> testEvents.send("we_no_such_endpoint_0000000000", "customer.created"))
                .isInstanceOf(ResponseStatusException.class).hasMessageContaining("404");
    }

    @Test
    void aWebhookUrlThatDoesNotAnswerIsAReplyNotAnException() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        TestEvents toNowhere = new TestEvents(endpoints, catalog, samples, beans,
                new MockEnvironment().withProperty("local.server.port", Integer.toString(closedPort)), json, clock);
        WebhookEndpoint stripe = endpointOf("stripe");

        TestEventReply reply = toNowhere.send(stripe.id(), "customer.created");

        assertThat(reply.delivered()).isFalse();
        assertThat(reply.status()).isZero();
        assertThat(reply.body()).isNull();
        assertThat(reply.failure()).isEqualTo("Could not connect to the webhook URL on this service's port");
        assertThat(reply.eventId()).startsWith("evt_test_");
        assertThat(count("contact")).isZero();
    }

    /** An endpoint with every type of the platform and its suggested trigger events. */
    private WebhookEndpoint endpointOf(String platform) {
        String secret = switch (platform) {
            case "stripe" -> SECRET;
            case "clerk" -> CLERK_SECRET;
            default -> null; // the scheme issues one
        };
        return endpoints.create(new EndpointDraft(platform, "Test events " + platform, secret, "testers", true,
                endpoints.suggestedEvents(platform), null));
    }
}
