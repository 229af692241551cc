package dev.loops.webhooks.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loops.webhooks.config.LoopsProperties;
import dev.loops.webhooks.support.StripeEvents;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** Endpoints declared in application configuration, for teams that keep their configuration in git. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "loops.endpoints[0].id=" + DeclaredEndpointsTest.ID,
        "loops.endpoints[0].name=Stripe from git",
        "loops.endpoints[0].signing-secret=" + DeclaredEndpointsTest.SECRET,
        "loops.endpoints[0].user-group=git users",
        "loops.endpoints[0].events[0].type=invoice.paid",
        "loops.endpoints[0].events[0].trigger-event=successfulPayment",
        "loops.endpoints[0].events[1].type=customer.created"})
@ActiveProfiles("test")
class DeclaredEndpointsTest {

    static final String ID = "we_declared_in_git_0123456789";
    static final String SECRET = "whsec_declared_secret_0123456789abcdef";
    private static final String TOKEN = "Bearer test-admin-token-0123456789abcdef";

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    DeclaredEndpoints declaredEndpoints;

    @Autowired
    EndpointRepository repository;

    @Autowired
    EndpointService service;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aDeclaredEndpointExistsAtItsIdAndReceivesWebhooks() throws Exception {
        JsonNode endpoint = json.readTree(send("GET", "/api/endpoints/" + ID, null).body());
        assertThat(endpoint.path("name").asText()).isEqualTo("Stripe from git");
        assertThat(endpoint.path("managedBy").asText()).isEqualTo("config");
        assertThat(endpoint.path("userGroup").asText()).isEqualTo("git users");
        assertThat(endpoint.path("events").path("invoice.paid").path("triggerEvent").asText()).isEqualTo("successfulPayment");
        assertThat(endpoint.path("events").has("customer.created")).isTrue();
        assertThat(endpoint.toString()).doesNotContain(SECRET);

        byte[] body = StripeEvents.fixture("invoice.paid");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/stripe/" + ID))
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", StripeEvents.sign(body, SECRET))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).path("status").asText()).isIn("processed", "duplicate");
    }

    @Test
    void theApiCannotChangeOrDeleteWhatConfigurationDeclares() throws Exception {
        HttpResponse<String> update = send("PUT", "/api/endpoints/" + ID, "{\"name\":\"renamed\"}");
        HttpResponse<String> delete = send("DELETE", "/api/endpoints/" + ID, null);

        assertThat(update.statusCode()).isEqualTo(409);
        assertThat(json.readTree(update.body()).path("detail").asText()).contains("loops.endpoints");
        assertThat(delete.statusCode()).isEqualTo(409);
        assertThat(repository.findById(ID)).hasValueSatisfying(e -> assertThat(e.name()).isEqualTo("Stripe from git"));
    }

    @Test
    void applyingTheDeclarationAgainChangesNothing() {
        WebhookEndpoint before = repository.findById(ID).orElseThrow();
        declaredEndpoints.run(null);
        WebhookEndpoint after = repository.findById(ID).orElseThrow();
        assertThat(after.events()).isEqualTo(before.events());
        assertThat(after.createdAt()).isEqualTo(before.createdAt());
    }

    @Test
    void aShortDeclaredIdStopsTheStartWithAnExplanation() {
        LoopsProperties properties = new LoopsProperties();
        LoopsProperties.DeclaredEndpoint guessable = new LoopsProperties.DeclaredEndpoint();
        guessable.setId("stripe");
        guessable.setName("Guessable");
        properties.setEndpoints(List.of(guessable));

        assertThatThrownBy(() -> new DeclaredEndpoints(properties, repository, service).run(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("loops.endpoints[0].id must be 22 to 64");
        assertThat(repository.findById("stripe")).isEmpty();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
