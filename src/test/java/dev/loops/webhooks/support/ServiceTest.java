package dev.loops.webhooks.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loops.webhooks.endpoint.EndpointDraft;
import dev.loops.webhooks.endpoint.EndpointService;
import dev.loops.webhooks.endpoint.EventSettings;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.security.FailedLoginThrottle;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service on a random port, metrics export on as in production, with a real database (H2, or PostgreSQL when CI sets
 * SPRING_DATASOURCE_URL) and a real Kafka broker in the test JVM. Every test starts from empty tables.
 * Test classes that extend this and add no configuration share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
@ActiveProfiles("test")
@EmbeddedKafka(kraft = true, partitions = 1, bootstrapServersProperty = "loops.kafka.bootstrap-servers")
public abstract class ServiceTest {

    protected static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
    protected static final String SECRET = "whsec_test_0123456789abcdefghijklmnopqrstuv";
    protected static final String TOPIC = "loops.events";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Stripe's API, for events that carry only a customer or charge id; one for the whole test JVM. */
    protected static final StripeApiStub STRIPE_API = new StripeApiStub();

    @DynamicPropertySource
    static void stripeApi(DynamicPropertyRegistry registry) {
        registry.add("loops.stripe.api-base", STRIPE_API::url);
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected ObjectMapper json;

    @Autowired
    protected EndpointService endpoints;

    @Autowired
    protected EmbeddedKafkaBroker kafka;

    @Autowired
    private FailedLoginThrottle loginThrottle;

    @BeforeEach
    void startFromEmptyTables() {
        STRIPE_API.reset();
        // every test client is 127.0.0.1: one test's wrong logins must not lock the next test out
        loginThrottle.forgetAll();
        for (String table : List.of("trigger_event", "processed_event", "webhook_delivery", "contact_mailing_list",
                "contact", "mailing_list", "audience_import", "webhook_endpoint")) {
            // the outbox relay may hold row locks on trigger_event for a moment while it publishes
            Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> jdbc.sql("DELETE FROM " + table).update() >= 0);
        }
    }

    /** A Stripe endpoint with the suggested trigger events (invoice.paid -> successfulPayment, ...). */
    protected WebhookEndpoint stripeEndpoint() {
        return stripeEndpoint("Stripe test", "customers", endpoints.suggestedEvents("stripe"));
    }

    protected WebhookEndpoint stripeEndpoint(String name, String userGroup, Map<String, EventSettings> events) {
        return endpoints.create(new EndpointDraft("stripe", name, SECRET, userGroup, true, events, null));
    }

    protected HttpResponse<String> postSigned(WebhookEndpoint endpoint, byte[] body) {
        return post("/webhooks/stripe/" + endpoint.id(), body,
                "Content-Type", "application/json; charset=utf-8",
                "Stripe-Signature", StripeEvents.sign(body, SECRET));
    }

    protected HttpResponse<String> post(String path, byte[] body, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body)), headers);
    }

    /** Sends the body without a Content-Length, as chunks. */
    protected HttpResponse<String> postChunked(String path, byte[] body, String... headers) {
        return send(HttpRequest.newBuilder(uri(path))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))), headers);
    }

    protected HttpResponse<String> request(String method, String path, String body, String... headers) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        return send(HttpRequest.newBuilder(uri(path)).method(method, publisher), headers);
    }

    protected HttpResponse<String> admin(String method, String path, String body) {
        return request(method, path, body, "Authorization", "Bearer " + ADMIN_TOKEN, "Content-Type", "application/json");
    }

    protected JsonNode readJson(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + text, e);
        }
    }

    protected long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }

    /** The platform identities of the contact with this address, as "provider:id". */
    protected List<String> identities(String emailKey) {
        return jdbc.sql("""
                        SELECT contact_identity.provider || ':' || contact_identity.external_id FROM contact_identity
                        JOIN contact ON contact.id = contact_identity.contact_id WHERE contact.email_key = :key
                        ORDER BY contact_identity.provider, contact_identity.external_id""")
                .param("key", emailKey).query(String.class).list();
    }

    protected Map<String, Object> contactRow(String emailKey) {
        return jdbc.sql("SELECT * FROM contact WHERE email_key = :key").param("key", emailKey).query().singleRow();
    }

    /** Reads the topic from the beginning with a fresh consumer group until the record with this trigger event id arrives. */
    protected ConsumerRecord<String, String> kafkaRecord(String triggerEventId, Duration timeout) {
        Map<String, Object> config = KafkaTestUtils.consumerProps("test-" + UUID.randomUUID(), "false", kafka);
        config.put("auto.offset.reset", "earliest");
        try (Consumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (triggerEventId.equals(readJson(record.value()).path("id").asText())) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("No Kafka record for trigger event " + triggerEventId + " within " + timeout);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder builder, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(builder.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("Request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
