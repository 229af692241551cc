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
import dev.loops.webhooks.support.StandardWebhooksSigner;
import dev.loops.webhooks.support.StripeEvents;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/** Endpoints declared in application configuration, for teams that keep their configuration in git. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "loops.endpoints[0].id=" + DeclaredEndpointsTest.ID,
        "loops.endpoints[0].name=Stripe from git",
        "loops.endpoints[0].signing-secret=" + DeclaredEndpointsTest.SECRET,
        "loops.endpoints[0].user-group=git users",
        "loops.endpoints[0].events[0].type=invoice.paid",
        "loops.endpoints[0].events[0].trigger-event=successfulPayment",
        "loops.endpoints[0].events[1].type=customer.created",
        "loops.endpoints[1].id=" + DeclaredEndpointsTest.CLERK_ID,
        "loops.endpoints[1].provider=clerk",
        "loops.endpoints[1].name=Clerk from git",
        "loops.endpoints[1].signing-secret=" + DeclaredEndpointsTest.CLERK_SECRET,
        "loops.endpoints[1].events[0].type=user.created",
        "loops.endpoints[1].events[0].trigger-event=newClerkUser",
        "loops.endpoints[2].id=" + DeclaredEndpointsTest.SUPABASE_ID,
        "loops.endpoints[2].provider=supabase",
        "loops.endpoints[2].name=Supabase from git",
        "loops.endpoints[2].signing-secret=" + DeclaredEndpointsTest.SUPABASE_SECRET,
        "loops.endpoints[2].events[0].type=auth.users.INSERT"})
@ActiveProfiles("test")
// its own application context: closed after the class, so its outbox relay does not run on beside later tests
@DirtiesContext
class DeclaredEndpointsTest {

    static final String ID = "we_declared_in_git_0123456789";
    static final String SECRET = "whsec_declared_secret_0123456789abcdef";
    static final String CLERK_ID = "we_declared_clerk_0123456789";
    static final String CLERK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String SUPABASE_ID = "we_declared_supabase_0123456789";
    static final String SUPABASE_SECRET = "declared-supabase-header-value-0123456789";
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
    void clerkAndSupabaseEndpointsCanBeDeclaredToo() throws Exception {
        long now = java.time.Instant.now().getEpochSecond();
        byte[] user = StripeEvents.class.getResourceAsStream("/clerk/clerk__user.created__1.json").readAllBytes();
        HttpResponse<String> clerk = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/clerk/" + CLERK_ID))
                .header("Content-Type", "application/json").header("svix-id", "msg_declared_1")
                .header("svix-timestamp", Long.toString(now))
                .header("svix-signature", StandardWebhooksSigner.signature(CLERK_SECRET, "msg_declared_1", now, user))
                .POST(HttpRequest.BodyPublishers.ofByteArray(user)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(clerk.statusCode()).as(clerk.body()).isEqualTo(200);
        JsonNode clerkReply = json.readTree(clerk.body());
        // processed the first time; a second run of this class on the same database finds it a duplicate
        if (clerkReply.path("status").asText().equals("processed")) {
            assertThat(clerkReply.path("triggeredEvent").asText()).isEqualTo("newClerkUser");
        } else {
            assertThat(clerkReply.path("status").asText()).isEqualTo("duplicate");
        }

        byte[] insert = StripeEvents.class.getResourceAsStream("/supabase/supabase__auth.users.INSERT__1.json").readAllBytes();
        HttpResponse<String> supabase = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/supabase/" + SUPABASE_ID))
                .header("Content-Type", "application/json").header("X-Webhook-Secret", SUPABASE_SECRET)
                .POST(HttpRequest.BodyPublishers.ofByteArray(insert)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(supabase.statusCode()).as(supabase.body()).isEqualTo(200);
        assertThat(json.readTree(supabase.body()).path("status").asText()).isIn("processed", "duplicate");
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
