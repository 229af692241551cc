package dev.loops.webhooks.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.support.RawHttpConnection.Answer;
import dev.loops.webhooks.support.RawHttpConnection;
import dev.loops.webhooks.support.ServiceTest;
import dev.loops.webhooks.support.StripeEvents;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Clients that send a request's head and then its body slowly, or never. A webhook's hold a socket, not a
 * request thread, and the server closes their connections; elsewhere a few at a time hold a thread. This
 * service runs with 20 request threads, so on a server that waited for bodies on its request threads, the 50
 * slow clients below would take all of them.
 */
@TestPropertySource(properties = {"loops.webhooks.body-read-timeout=4s", "loops.webhooks.body-memory-limit=64KB",
        "loops.max-concurrent-request-bodies=4", "server.tomcat.threads.max=20"})
// its own application context: closed after the class, so its outbox relay does not run on beside later tests
@DirtiesContext
class SlowClientsTest extends ServiceTest {

    private static final Duration DEADLINE = Duration.ofSeconds(4);
    /** Tomcat looks for timed-out requests once a second. */
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final Duration PROMPTLY = Duration.ofSeconds(1);

    private final List<RawHttpConnection> connections = new ArrayList<>();

    @AfterEach
    void closeConnections() {
        connections.forEach(RawHttpConnection::close);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length: 1000", "Transfer-Encoding: chunked"})
    void aBodyThatStopsArrivingIs408WithinTheDeadlineAndItsConnectionIsClosed(String framing) {
        WebhookEndpoint endpoint = stripeEndpoint();
        long start = System.nanoTime();
        RawHttpConnection slow = open("/webhooks/stripe/" + endpoint.id(), framing);
        slow.send(ascii(framing.startsWith("Transfer") ? "a\r\n{\"id\": \"ev\r\n" : "{\"id\": \"ev"));

        Answer answer = slow.readAnswer(DEADLINE.plus(GRACE));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(DEADLINE, DEADLINE.plus(GRACE));
        assertThat(answer.status()).as(answer.body()).isEqualTo(408);
        JsonNode body = readJson(answer.body());
        assertThat(body.path("error").asText()).isEqualTo("request_timeout");
        assertThat(body.path("message").asText()).isEqualTo(
                "The request body did not arrive within 4 seconds; nothing was written. Please retry.");
        assertThat(answer.headers()).containsEntry("connection", "close");
        assertThat(slow.closedByServerWithin(PROMPTLY)).isTrue();
        // the endpoint's webhook log lists it, so its owner can see why a delivery failed; nothing else is written
        JsonNode entry = readJson(admin("GET", "/api/deliveries?endpointId=" + endpoint.id(), null).body()).get(0);
        assertThat(entry.path("status").asText()).isEqualTo("rejected");
        assertThat(entry.path("httpStatus").asInt()).isEqualTo(408);
        assertThat(entry.path("hasPayload").asBoolean()).isFalse();
        assertThat(count("contact") + count("processed_event") + count("trigger_event")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/webhooks/stripe/we_AAAAAAAAAAAAAAAAAAAAAAAA", "/webhooks/clerk/{id}", "/webhooks/stripe/{id}/more"})
    void aUrlWithoutAnEnabledEndpointOfItsPlatformIs404BeforeTheBodyIsSent(String path) {
        WebhookEndpoint endpoint = stripeEndpoint();
        RawHttpConnection connection = open(path.replace("{id}", endpoint.id()), "Content-Length: 1000");

        Answer answer = connection.readAnswer(PROMPTLY);

        assertThat(answer.status()).as(answer.body()).isEqualTo(404);
        JsonNode body = readJson(answer.body());
        assertThat(body.path("error").asText()).isEqualTo("unknown_endpoint");
        assertThat(body.path("message").asText()).isEqualTo(WebhookRejectedException.unknownEndpoint().getMessage());
        assertThat(answer.headers()).containsEntry("connection", "close").containsKey("x-content-type-options");
        // the body that never comes is not waited for beyond the deadline
        assertThat(connection.closedByServerWithin(DEADLINE.plus(GRACE))).isTrue();
        assertThat(count("webhook_delivery")).isZero();
    }

    @Test
    void signedWebhooksReadinessAndTheAdminApiStayPromptWhile50SlowClientsHold() {
        WebhookEndpoint endpoint = stripeEndpoint();
        assertThat(postSigned(endpoint, StripeEvents.fixture("customer.created")).statusCode()).isEqualTo(200);
        for (int i = 0; i < 50; i++) {
            String id = i % 2 == 0 ? endpoint.id() : String.format("we_unknown_slow_client_%02d", i);
            open("/webhooks/stripe/" + id, "Content-Length: 1000").send(ascii("{"));
        }
        sleep(Duration.ofMillis(300));

        assertPrompt(() -> postSigned(endpoint, StripeEvents.fixture("invoice.paid")));
        assertPrompt(() -> request("GET", "/actuator/health/readiness", null));
        assertPrompt(() -> admin("GET", "/api/endpoints", null));

        assertThat(connections).allSatisfy(slow -> assertThat(slow.closedByServerWithin(DEADLINE.plus(GRACE))).isTrue());
    }

    @Test
    void bodiesBeyondTheMemoryBudgetGet503UntilItIsFreed() {
        WebhookEndpoint endpoint = stripeEndpoint();
        String path = "/webhooks/stripe/" + endpoint.id();
        RawHttpConnection first = open(path, "Content-Length: 60000");
        first.send(spaces(40_000));
        sleep(Duration.ofMillis(300));
        RawHttpConnection second = open(path, "Content-Length: 60000");
        second.send(spaces(40_000));

        Answer refused = second.readAnswer(PROMPTLY);

        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers()).containsEntry("retry-after", "5").containsEntry("connection", "close");
        assertThat(readJson(refused.body()).path("error").asText()).isEqualTo("unavailable");
        assertThat(readJson(refused.body()).path("message").asText()).contains("at capacity");
        // once the first body has timed out, its memory is free again
        assertThat(first.readAnswer(DEADLINE.plus(GRACE)).status()).isEqualTo(408);
        HttpResponse<String> webhook = postSigned(endpoint, StripeEvents.fixture("invoice.paid"));
        assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(200);
    }

    @Test
    void aRequestAnsweredWithoutReadingItsBodyClosesItsConnectionAtOnce() {
        RawHttpConnection unauthenticated = open("/api/endpoints", "Content-Length: 1000");

        Answer answer = unauthenticated.readAnswer(PROMPTLY);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.headers()).containsEntry("connection", "close");
        assertThat(unauthenticated.closedByServerWithin(PROMPTLY)).isTrue();
    }

    @Test
    void requestsWithABodyOutsideWebhooksAreHandledAFewAtATime() {
        WebhookEndpoint endpoint = stripeEndpoint();
        // Hawtio's login reads its body on a request thread: four slow ones take all four places
        List<RawHttpConnection> logins = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            logins.add(open("/actuator/hawtio/auth/login", "Content-Length: 1000"));
            logins.get(i).send(ascii("{"));
        }
        sleep(Duration.ofMillis(300));

        Answer busy = open("/api/endpoints", "Content-Length: 1000", "Authorization: Bearer " + ADMIN_TOKEN)
                .readAnswer(PROMPTLY);

        assertThat(busy.status()).as(busy.body()).isEqualTo(503);
        assertThat(busy.headers()).containsEntry("retry-after", "5").containsEntry("connection", "close");
        assertThat(readJson(busy.body()).path("error").asText()).isEqualTo("unavailable");
        assertPrompt(() -> postSigned(endpoint, StripeEvents.fixture("invoice.paid")));
        assertPrompt(() -> request("GET", "/actuator/health/readiness", null));
        assertPrompt(() -> admin("GET", "/api/endpoints", null));
        // once the slow logins are gone, their places are free again
        logins.forEach(RawHttpConnection::close);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> admin("PUT", "/api/endpoints/" + endpoint.id(),
                "{\"name\": \"Renamed\"}").statusCode() == 200);
    }

    private RawHttpConnection open(String path, String... headerLines) {
        RawHttpConnection connection = RawHttpConnection.post(port, path, headerLines);
        connections.add(connection);
        return connection;
    }

    private static void assertPrompt(java.util.function.Supplier<HttpResponse<String>> call) {
        long start = System.nanoTime();
        HttpResponse<String> response = call.get();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as(response.uri().toString()).isLessThan(PROMPTLY);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static byte[] spaces(int n) {
        byte[] bytes = new byte[n];
        Arrays.fill(bytes, (byte) ' ');
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
