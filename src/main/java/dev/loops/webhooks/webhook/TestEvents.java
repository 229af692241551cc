package dev.loops.webhooks.webhook;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loops.webhooks.endpoint.EndpointService;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.platform.CatalogEntry;
import dev.loops.webhooks.platform.EventCatalog;
import dev.loops.webhooks.platform.EventSamples;
import dev.loops.webhooks.platform.Platform;
import dev.loops.webhooks.platform.SignatureScheme;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Sends an endpoint a test event: the sample of the chosen type (from the platform's route file), about a fresh
 * test address, signed with the endpoint's current secret by the platform's scheme, posted to the endpoint's own
 * webhook URL on this service's loopback address. So it goes through the same verification, processing and
 * webhook log as the platform's events, and the reply is the one the platform would have seen. Names no platform.
 */
@Service
public class TestEvents {

    private static final String ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int ID_LENGTH = 24;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Longer than a delivery's transaction may take, so a slow database shows in the reply, not as a timeout. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final EndpointService endpoints;
    private final EventCatalog catalog;
    private final EventSamples samples;
    private final BeanFactory beans;
    private final Environment environment;
    private final ObjectMapper json;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** HTTP/1.1, as the platforms post: no h2c upgrade on a plain loopback connection. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();

    public TestEvents(EndpointService endpoints, EventCatalog catalog, EventSamples samples, BeanFactory beans,
                      Environment environment, ObjectMapper json, Clock clock) {
        this.endpoints = endpoints;
        this.catalog = catalog;
        this.samples = samples;
        this.beans = beans;
        this.environment = environment;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Sends the endpoint a test event of {@code type} and returns the reply.
     *
     * @throws org.springframework.web.server.ResponseStatusException 404 when there is no such endpoint
     * @throws TestEventRefusedException when nothing was sent: the type is not one of the platform's, the endpoint
     *                                   is disabled or has no signing secret, or the route file has no (working)
     *                                   sample for the type
     */
    public TestEventReply send(String endpointId, String type) {
        WebhookEndpoint endpoint = endpoints.get(endpointId);
        Platform platform = catalog.platform(endpoint.provider()).orElseThrow(() -> new TestEventRefusedException(
                HttpStatus.CONFLICT, "The endpoint's platform '" + endpoint.provider() + "' is not loaded"));
        CatalogEntry entry = catalog.entry(platform.name(), type).orElseThrow(() -> new TestEventRefusedException(
                HttpStatus.BAD_REQUEST, "Event type '" + type + "' is not one of " + platform.label()
                        + "'s; supported: " + String.join(", ", catalog.types(platform.name()))));
        if (!endpoint.enabled()) {
            throw new TestEventRefusedException(HttpStatus.CONFLICT, "The endpoint is disabled, so it would refuse "
                    + "the test event; enable it first");
        }
        if (endpoint.signingSecret() == null) {
            throw new TestEventRefusedException(HttpStatus.CONFLICT, "The endpoint has no signing secret yet, so "
                    + "no test event can be signed; add the secret " + platform.label() + " shows first");
        }
        if (entry.sample() == null) {
            throw new TestEventRefusedException(HttpStatus.CONFLICT, "The " + platform.label() + " route file "
                    + "has no sample event for " + type);
        }

        Instant now = clock.instant();
        String eventId = (platform.sampleIdPrefix() == null ? "" : platform.sampleIdPrefix()) + randomId();
        String email = "test+" + HexFormat.of().formatHex(randomBytes(4)) + "@example.com";
        byte[] body;
        try {
            body = bytes(samples.sample(entry, eventId, email, now));
        } catch (IllegalArgumentException e) {
            // the route file's sample is wrong: say so, send nothing
            throw new TestEventRefusedException(HttpStatus.CONFLICT, e.getMessage());
        }
        SignatureScheme scheme = beans.getBean(platform.scheme(), SignatureScheme.class);
        Map<String, String> signature = scheme.sign(endpoint.signingSecret(), body, eventId, now);

        HttpRequest.Builder request = HttpRequest.newBuilder(webhookUrl(platform.name(), endpoint.id()))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "loops-webhooks test event")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signature.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new TestEventReply(type, repliedEventId(response.body(), eventId), email, response.statusCode(),
                    response.body(), null);
        } catch (HttpTimeoutException e) {
            return failed(type, eventId, email, "The webhook URL did not answer within "
                    + REQUEST_TIMEOUT.toSeconds() + " seconds");
        } catch (ConnectException e) {
            return failed(type, eventId, email, "Could not connect to the webhook URL on this service's port");
        } catch (IOException e) {
            return failed(type, eventId, email, "The test event could not be sent: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(type, eventId, email, "Interrupted while sending the test event");
        }
    }

    /** This service's own webhook URL on loopback and the port it listens on, not its public URL. */
    private URI webhookUrl(String platform, String endpointId) {
        Integer port = environment.getProperty("local.server.port", Integer.class);
        if (port == null) {
            port = environment.getProperty("server.port", Integer.class, 8080);
        }
        return URI.create("http://127.0.0.1:" + port + "/webhooks/" + platform + "/" + endpointId);
    }

    /** The id the webhook log keeps (a hash of the body for platforms that send no id), when the reply names it. */
    private String repliedEventId(String body, String sent) {
        try {
            JsonNode reply = json.readTree(body);
            String id = reply == null ? null : reply.path("eventId").textValue();
            return id == null || id.isBlank() ? sent : id;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return sent;
        }
    }

    private byte[] bytes(JsonNode sample) {
        try {
            return json.writeValueAsString(sample).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree always writes", e);
        }
    }

    private String randomId() {
        StringBuilder id = new StringBuilder(ID_LENGTH);
        for (int i = 0; i < ID_LENGTH; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static TestEventReply failed(String type, String eventId, String email, String why) {
        return new TestEventReply(type, eventId, email, 0, null, why);
    }
}
