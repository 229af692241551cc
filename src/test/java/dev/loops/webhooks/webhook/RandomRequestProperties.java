package dev.loops.webhooks.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loops.webhooks.WebhooksApplication;
import dev.loops.webhooks.endpoint.EndpointDraft;
import dev.loops.webhooks.endpoint.EndpointService;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.support.StripeEvents;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Random headers and bodies thrown at the real service over HTTP: never a 5xx, and nothing written but the
 * webhook log. Bodies are sometimes validly signed, so the checks after the signature are reached too.
 */
class RandomRequestProperties {

    private static final String SECRET = "whsec_fuzz_secret_0123456789abcdefghij";
    private static final List<String> TABLES = List.of("contact", "trigger_event", "processed_event");

    private static ConfigurableApplicationContext service;
    private static HttpClient http;
    private static String url;
    private static JdbcClient jdbc;

    @BeforeContainer
    static void startService() {
        service = new SpringApplicationBuilder(WebhooksApplication.class)
                .profiles("test")
                .properties("server.port=0", "loops.kafka.bootstrap-servers=")
                .run();
        int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
        WebhookEndpoint endpoint = service.getBean(EndpointService.class)
                .create(new EndpointDraft("stripe", "Fuzzed", SECRET, null, true, null, null));
        url = "http://localhost:" + port + "/webhooks/stripe/" + endpoint.id();
        jdbc = service.getBean(JdbcClient.class);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterContainer
    static void stopService() {
        service.close();
    }

    record RandomRequest(String contentType, String signature, byte[] body, boolean signed) {
        @Override
        public String toString() {
            return "content-type=" + contentType + " signed=" + signed + " signature=" + signature
                    + " body=" + new String(body, 0, Math.min(body.length, 80), StandardCharsets.ISO_8859_1);
        }
    }

    @Property(tries = 400)
    void neverA5xxAndNeverAChange(@ForAll("requests") RandomRequest request) throws Exception {
        Map<String, Long> before = counts();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        String signature = request.signed() ? StripeEvents.sign(request.body(), SECRET) : request.signature();
        if (signature != null) {
            builder.header("Stripe-Signature", signature);
        }

        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isIn(200, 400, 401, 404, 413, 415);
        if (response.statusCode() == 200) {
            assertThat(new ObjectMapper().readTree(response.body()).path("status").asText()).isEqualTo("ignored");
        }
        assertThat(counts()).isEqualTo(before);
    }

    @Provide
    Arbitrary<RandomRequest> requests() {
        Arbitrary<String> contentType = Arbitraries.of("application/json", "application/json; charset=utf-8",
                "text/plain", "application/x-www-form-urlencoded", "application/octet-stream");
        Arbitrary<String> signature = Arbitraries.oneOf(
                // any visible ASCII: the header values an HTTP client can send
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(200),
                Arbitraries.strings().withChars("t=v1,0123456789abcdef").ofMinLength(1).ofMaxLength(120),
                Arbitraries.longs().between(0, 4_000_000_000L).map(t -> "t=" + t + ",v1=" + "ab".repeat(32)),
                Arbitraries.just("t=" + Instant.now().getEpochSecond() + ",v1=" + "0".repeat(64)));
        Arbitrary<byte[]> body = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(2000),
                Arbitraries.strings().ofMaxLength(500).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                jsonish().map(s -> s.getBytes(StandardCharsets.UTF_8)));
        return Combinators.combine(contentType, signature, body, Arbitraries.of(true, false))
                .as(RandomRequest::new);
    }

    /** Strings that look like events but are never a supported one with an email. */
    private static Arbitrary<String> jsonish() {
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.strings().alpha().ofMaxLength(20).map(s -> "\"" + s + "\""),
                Arbitraries.integers().map(String::valueOf), Arbitraries.of("null", "true", "{}", "[]", "[[[[", "{\"a\":"));
        return Combinators.combine(value, value, Arbitraries.strings().alpha().ofMaxLength(15), Arbitraries.integers().between(0, 3))
                .as((id, data, type, shape) -> switch (shape) {
                    case 0 -> "{\"id\":" + id + ",\"type\":\"x." + type + "\",\"data\":{\"object\":" + data + "}}";
                    case 1 -> "{\"id\":\"evt_" + type + "\",\"object\":\"event\",\"type\":\"customer.created\",\"data\":" + data + "}";
                    case 2 -> "[" + id + "," + data + "]";
                    default -> "{\"id\":" + id + ",\"data\":" + data;
                });
    }

    private static Map<String, Long> counts() {
        return TABLES.stream().collect(java.util.stream.Collectors.toMap(table -> table,
                table -> jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single()));
    }
}
