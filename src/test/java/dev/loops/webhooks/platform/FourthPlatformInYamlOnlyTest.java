package dev.loops.webhooks.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loops.webhooks.endpoint.EndpointDraft;
import dev.loops.webhooks.support.ServiceTest;
import dev.loops.webhooks.webhook.TestEventReply;
import dev.loops.webhooks.webhook.TestEvents;
import dev.loops.webhooks.support.StandardWebhooksSigner;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * A platform is a route file: "acme", defined only in src/test/resources/test-platforms/acme.yaml with the
 * Standard Webhooks scheme, takes endpoints and events end to end without a line of Java for it.
 */
@TestPropertySource(properties = "camel.main.routes-include-pattern="
        + "classpath:routes/*.yaml,classpath:routes/platforms/*.yaml,classpath:test-platforms/*.yaml")
// its own application context: closed after the class, so its outbox relay does not run on beside later tests
@DirtiesContext
class FourthPlatformInYamlOnlyTest extends ServiceTest {

    private static final String ACME_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Autowired
    private TestEvents testEvents;

    @Test
    void anAcmeEventCreatesTheContactLinksItsIdentityAndRecordsTheSuggestedTriggerEvent() {
        HttpResponse<String> created = admin("POST", "/api/endpoints",
                "{\"provider\":\"acme\",\"name\":\"Acme\",\"signingSecret\":\"" + ACME_SECRET + "\",\"userGroup\":\"members\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode endpoint = readJson(created.body());
        assertThat(endpoint.path("url").asText()).endsWith("/webhooks/acme/" + endpoint.path("id").asText());
        // its catalog came from the YAML: every type, with the suggested trigger event
        JsonNode list = readJson(admin("GET", "/api/endpoints/" + endpoint.path("id").asText(), null).body());
        assertThat(list.path("events").fieldNames()).toIterable().containsExactly("member.joined", "member.left");

        admin("PUT", "/api/endpoints/" + endpoint.path("id").asText(),
                "{\"events\":{\"member.joined\":{\"triggerEvent\":\"welcomeMember\"},\"member.left\":{}}}");
        long now = Instant.now().getEpochSecond();
        byte[] body = ("{\"kind\":\"member.joined\",\"at\":" + now + ",\"member\":{\"number\":\"m-1001\","
                + "\"mail\":\"Ada@Example.org\",\"fullName\":\"Ada Lovelace\",\"plan\":\"gold\"}}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = post("/webhooks/acme/" + endpoint.path("id").asText(), body,
                "Content-Type", "application/json", "webhook-id", "msg_acme_1", "webhook-timestamp", Long.toString(now),
                "webhook-signature", StandardWebhooksSigner.signature(ACME_SECRET, "msg_acme_1", now, body));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode reply = readJson(response.body());
        assertThat(reply.path("status").asText()).isEqualTo("processed");
        assertThat(reply.path("eventId").asText()).isEqualTo("msg_acme_1");
        assertThat(reply.path("triggeredEvent").asText()).isEqualTo("welcomeMember");
        Map<String, Object> contact = contactRow("ada@example.org");
        assertThat(contact).containsEntry("first_name", "Ada").containsEntry("last_name", "Lovelace")
                .containsEntry("source", "Acme webhook").containsEntry("user_group", "members");
        assertThat(identities("ada@example.org")).containsExactly("acme:m-1001");
        JsonNode record = readJson(jdbc.sql("SELECT record FROM trigger_event").query(String.class).single());
        assertThat(record.path("eventProperties").path("plan").asText()).isEqualTo("gold");
        assertThat(record.path("source").path("provider").asText()).isEqualTo("acme");
        assertThat(jdbc.sql("SELECT payload FROM webhook_delivery").query(String.class).single()).contains("m-1001");

        // the deletion type the file names unsubscribes the contact of that identity
        byte[] left = ("{\"kind\":\"member.left\",\"at\":" + (now + 1) + ",\"member\":{\"number\":\"m-1001\"}}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> leaving = post("/webhooks/acme/" + endpoint.path("id").asText(), left,
                "Content-Type", "application/json", "webhook-id", "msg_acme_2", "webhook-timestamp", Long.toString(now),
                "webhook-signature", StandardWebhooksSigner.signature(ACME_SECRET, "msg_acme_2", now, left));
        assertThat(readJson(leaving.body()).path("contact").path("action").asText()).as(leaving.body()).isEqualTo("unsubscribed");
        assertThat(contactRow("ada@example.org")).containsEntry("subscribed", false);
    }

    @Test
    void itsTestEventsComeFromItsFileAndTheDefaultIdPrefix() {
        String endpointId = endpoints.create(new EndpointDraft("acme", "Acme", ACME_SECRET, "members", true,
                endpoints.suggestedEvents("acme"), null)).id();

        TestEventReply joined = testEvents.send(endpointId, "member.joined");

        assertThat(joined.status()).as(joined.body()).isEqualTo(200);
        JsonNode reply = readJson(joined.body());
        assertThat(reply.path("status").asText()).isEqualTo("processed");
        assertThat(reply.path("triggeredEvent").asText()).isEqualTo("welcomeMember");
        // the template's default prefix: acme.yaml names none
        assertThat(joined.eventId()).matches("test_[A-Za-z0-9]{24}");
        assertThat(contactRow(joined.email())).containsEntry("email", joined.email())
                .containsEntry("first_name", "Test").containsEntry("last_name", "Member")
                .containsEntry("source", "Acme webhook");
        assertThat(identities(joined.email())).singleElement().asString().startsWith("acme:m-");

        // a member who was never a contact leaves: nothing to remove
        TestEventReply left = testEvents.send(endpointId, "member.left");
        assertThat(left.status()).as(left.body()).isEqualTo(200);
        assertThat(readJson(left.body()).path("status").asText()).isEqualTo("ignored");
    }
}
