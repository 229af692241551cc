package dev.loops.webhooks.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import dev.loops.webhooks.WebhooksApplication;
import dev.loops.webhooks.endpoint.EndpointDraft;
import dev.loops.webhooks.endpoint.EndpointService;
import dev.loops.webhooks.endpoint.EventSettings;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.support.StripeEvents;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A type of a known family is a YAML edit: the service runs its routes from a folder with the dev profile's
 * reloading, as under ./mvnw spring-boot:run, and once a line is added to the Stripe file's subscription family,
 * the type is in the catalog, endpoints may enable it and its events are processed, without a rebuild or a restart.
 */
class CatalogReloadTest {

    private static final String SECRET = "whsec_reload_0123456789abcdefghijklmn";

    @TempDir
    Path folder;

    @Test
    void aTypeAddedToAPlatformFileIsProcessedOnceTheFileIsSaved() throws Exception {
        Path routes = folder.resolve("routes");
        copy(Path.of("routes"), routes);
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(WebhooksApplication.class)
                .profiles("test")
                .properties("server.port=0", "loops.kafka.bootstrap-servers=",
                        "camel.main.routes-include-pattern=file:" + routes + "/*.yaml,file:" + routes + "/platforms/*.yaml",
                        "camel.main.routes-reload-enabled=true", "camel.main.routes-reload-directory=" + routes,
                        "camel.main.routes-reload-pattern=*.yaml", "camel.main.routes-reload-remove-all-routes=false",
                        "loops.platform-files.reload-directory=" + routes.resolve("platforms"))
                .run()) {
            EventCatalog catalog = service.getBean(EventCatalog.class);
            assertThat(catalog.entry("stripe", "customer.subscription.updated")).isEmpty();

            Path stripe = routes.resolve("platforms/stripe.yaml");
            String file = Files.readString(stripe);
            Files.writeString(stripe, file.replace("customer.subscription.created customer.subscription.paused",
                    "customer.subscription.created customer.subscription.updated customer.subscription.paused"));

            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> catalog.entry("stripe", "customer.subscription.updated").isPresent());
            WebhookEndpoint endpoint = service.getBean(EndpointService.class).create(new EndpointDraft("stripe", "Reloaded",
                    SECRET, null, true, java.util.Map.of("customer.subscription.updated",
                    EventSettings.triggering("subscriptionChanged"), "customer.updated", EventSettings.SYNC_ONLY), null));
            int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
            post(port, endpoint, StripeEvents.fixture("customer.updated.email-change"));
            byte[] updated = new String(StripeEvents.fixture("customer.subscription.created"), StandardCharsets.UTF_8)
                    .replace("\"customer.subscription.created\"", "\"customer.subscription.updated\"")
                    .getBytes(StandardCharsets.UTF_8);

            HttpResponse<String> response = post(port, endpoint, updated);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("\"status\":\"processed\"", "\"triggeredEvent\":\"subscriptionChanged\"");
        }
    }

    private static HttpResponse<String> post(int port, WebhookEndpoint endpoint, byte[] body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/webhooks/stripe/" + endpoint.id()))
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", StripeEvents.sign(body, SECRET))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
