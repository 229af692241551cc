package dev.loops.webhooks.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loops.webhooks.WebhooksApplication;
import dev.loops.webhooks.endpoint.EndpointRepository;
import dev.loops.webhooks.support.StripeEvents;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The service started for real, on an H2 file database and a key file in a temporary directory, with no key
 * configured (the default): what ends up on disk, and what a lost or different key does to the next start.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsAtRestTest {

    // the token of the other tests' service: Hawtio's login (HawtioLogin) is JVM-wide, so the last service started
    // in this JVM answers it for all, and the cached test context must keep accepting its token
    private static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
    private static final String SECRET = "whsec_at_rest_0123456789abcdefghijklmnop";
    private static final String ROLLED_SECRET = "whsec_at_rest_rolled_0123456789abcdefgh";
    private static final String API_KEY = "rk_test_AtRest0123456789abcdefghij";
    private static final String ENDPOINT_ID = "we_written_by_an_older_version_0";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void withNoKeyConfiguredNoSecretIsStoredInPlainText(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext service = start()) {
            String id = createEndpoint(service);
            HttpResponse<String> rotated = admin(service, "POST", "/api/endpoints/" + id + "/rotate-secret",
                    "{\"signingSecret\":\"" + ROLLED_SECRET + "\",\"previousSecretValidForHours\":24}");
            assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
            assertThat(postSigned(service, id, ROLLED_SECRET).statusCode()).isEqualTo(200);
        }

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile()))).isEqualTo("rw-------");
        assertThat(output.getOut()).contains("Generated the key that encrypts stored secrets in " + keyFile())
                .doesNotContain(Files.readString(keyFile()).trim());
        assertThat(secretColumnValues()).hasSize(3).allSatisfy(value -> assertThat(value).startsWith("enc:v1:"));
        String databaseFile = new String(Files.readAllBytes(dir.resolve("data/webhooks.mv.db")), StandardCharsets.ISO_8859_1);
        assertThat(databaseFile).contains("enc:v1:").doesNotContain("whsec_").doesNotContain("rk_test_");
    }

    @Test
    void plainSecretsOfAnOlderVersionAreEncryptedAtStartOnceAndStillVerify(CapturedOutput output) throws Exception {
        databaseOfAnOlderVersion();
        List<String> sealed;
        try (ConfigurableApplicationContext service = start()) {
            sealed = secretColumnValues(service.getBean(JdbcClient.class));
            assertThat(sealed).hasSize(3).allSatisfy(value -> assertThat(value).startsWith("enc:v1:"));
            assertThat(output.getOut()).contains("Encrypted 3 stored secrets that were in plain text");
            // each opens to the value it replaced: both signing secrets verify a real signed delivery
            assertThat(postSigned(service, ENDPOINT_ID, SECRET).statusCode()).isEqualTo(200);
            assertThat(postSigned(service, ENDPOINT_ID, ROLLED_SECRET, "invoice.payment_failed").statusCode()).isEqualTo(200);
            assertThat(service.getBean(EndpointRepository.class).findById(ENDPOINT_ID).orElseThrow().apiKey())
                    .isEqualTo(API_KEY);

            assertThat(service.getBean(SecretsAtRest.class).sealPlainSecrets()).isZero();
            assertThat(secretColumnValues(service.getBean(JdbcClient.class))).isEqualTo(sealed);
        }
        int before = output.getOut().length();

        try (ConfigurableApplicationContext restarted = start()) {
            assertThat(secretColumnValues(restarted.getBean(JdbcClient.class))).isEqualTo(sealed);
            assertThat(output.getOut().substring(before)).doesNotContain("Encrypted");
        }
    }

    @Test
    void aLostOrDifferentKeyStopsTheStartAndChangesNothing(CapturedOutput output) throws Exception {
        String id;
        try (ConfigurableApplicationContext service = start()) {
            id = createEndpoint(service);
        }
        Path keyFile = keyFile();
        String key = Files.readString(keyFile);
        String otherKey = EncryptionKey.generate().toBase64();
        List<String> sealed = secretColumnValues();

        Files.delete(keyFile);
        assertThat(startFailure()).contains("The stored secrets are encrypted, but the key file " + keyFile
                + " does not exist (and LOOPS_ENCRYPTION_KEY is not set).", "Restore that file from your backup");
        assertThat(keyFile).doesNotExist();
        assertThat(output.getOut()).contains("APPLICATION FAILED TO START");

        Files.writeString(keyFile, otherKey + "\n");
        assertThat(startFailure()).contains("The key in " + keyFile + " is not the key the stored secrets were encrypted with.");
        assertThat(startFailure("loops.encryption-key", otherKey))
                .contains("LOOPS_ENCRYPTION_KEY is not the key the stored secrets were encrypted with.");
        assertThat(secretColumnValues()).isEqualTo(sealed);

        Files.writeString(keyFile, key);
        try (ConfigurableApplicationContext restored = start()) {
            assertThat(postSigned(restored, id, SECRET).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aConfiguredKeyWinsOverTheKeyFile(CapturedOutput output) throws Exception {
        String inFile = EncryptionKey.generate().toBase64() + "\n";
        Files.createDirectories(keyFile().getParent());
        Files.writeString(keyFile(), inFile);
        EncryptionKey configured = EncryptionKey.generate();

        try (ConfigurableApplicationContext service = start("loops.encryption-key", configured.toBase64())) {
            String id = createEndpoint(service);
            assertThat(postSigned(service, id, SECRET).statusCode()).isEqualTo(200);
        }

        assertThat(output.getOut()).contains("Stored secrets are encrypted with the key from LOOPS_ENCRYPTION_KEY");
        assertThat(Files.readString(keyFile())).isEqualTo(inFile);
        SecretCipher withConfiguredKey = new SecretCipher(configured);
        assertThat(secretColumnValues()).extracting(withConfiguredKey::open).containsExactlyInAnyOrder(SECRET, API_KEY);
    }

    private Path keyFile() {
        return dir.resolve("keys/secret.key");
    }

    private String databaseUrl() {
        return "jdbc:h2:file:" + dir.resolve("data/webhooks") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }

    /** Command-line arguments: they win over SPRING_DATASOURCE_URL and the other variables CI may have set. */
    private ConfigurableApplicationContext start(String... overrides) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", "0");
        settings.put("spring.datasource.url", databaseUrl());
        settings.put("spring.datasource.username", "sa");
        settings.put("spring.datasource.password", "");
        settings.put("loops.admin-token", ADMIN_TOKEN);
        settings.put("loops.kafka.bootstrap-servers", "");
        settings.put("loops.stripe.api-base", "http://127.0.0.1:9");
        settings.put("loops.encryption-key", "");
        settings.put("loops.encryption-key-file", keyFile().toString());
        for (int i = 0; i < overrides.length; i += 2) {
            settings.put(overrides[i], overrides[i + 1]);
        }
        return SpringApplication.run(WebhooksApplication.class,
                settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    private String startFailure(String... overrides) {
        Throwable failure = null;
        try (ConfigurableApplicationContext unexpected = start(overrides)) {
            // the assertion below reports it
        } catch (RuntimeException e) {
            failure = e;
        }
        assertThat(failure).as("the start should have failed").isNotNull();
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
        assertThat(cause).isInstanceOf(EncryptionKeyException.class);
        return cause.getMessage();
    }

    /** The schema, and an endpoint row with its secrets in plain text, as the version before this one left them. */
    private void databaseOfAnOlderVersion() {
        DriverManagerDataSource database = new DriverManagerDataSource(databaseUrl(), "sa", "");
        Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
        JdbcClient.create(database).sql("""
                        INSERT INTO webhook_endpoint (id, provider, name, signing_secret, previous_signing_secret,
                            previous_secret_expires_at, event_settings, api_key, created_at, updated_at)
                        VALUES (:id, 'stripe', 'Stripe', :secret, :previous, CURRENT_TIMESTAMP + INTERVAL '1' DAY,
                            '{"invoice.paid":{},"invoice.payment_failed":{}}', :apiKey, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
                        """)
                .param("id", ENDPOINT_ID).param("secret", ROLLED_SECRET).param("previous", SECRET).param("apiKey", API_KEY)
                .update();
    }

    private List<String> secretColumnValues() {
        return secretColumnValues(JdbcClient.create(new DriverManagerDataSource(databaseUrl(), "sa", "")));
    }

    private static List<String> secretColumnValues(JdbcClient jdbc) {
        List<String> values = new ArrayList<>();
        jdbc.sql("SELECT signing_secret, previous_signing_secret, api_key FROM webhook_endpoint ORDER BY id")
                .query(rs -> {
                    for (int column = 1; column <= 3; column++) {
                        if (rs.getString(column) != null) {
                            values.add(rs.getString(column));
                        }
                    }
                });
        return values;
    }

    private static String createEndpoint(ConfigurableApplicationContext service) throws IOException {
        HttpResponse<String> created = admin(service, "POST", "/api/endpoints", "{\"name\":\"At rest\",\"signingSecret\":\""
                + SECRET + "\",\"stripeApiKey\":\"" + API_KEY + "\",\"events\":{\"invoice.paid\":{}}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).path("id").asText();
    }

    private static HttpResponse<String> postSigned(ConfigurableApplicationContext service, String endpointId, String secret) {
        return postSigned(service, endpointId, secret, "invoice.paid");
    }

    private static HttpResponse<String> postSigned(ConfigurableApplicationContext service, String endpointId, String secret,
                                                   String fixture) {
        byte[] body = StripeEvents.fixture(fixture);
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(service, "/webhooks/stripe/" + endpointId))
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", StripeEvents.sign(body, secret))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(response.body()).contains("\"status\":\"processed\"");
        return response;
    }

    private static HttpResponse<String> admin(ConfigurableApplicationContext service, String method, String path, String body) {
        return send(HttpRequest.newBuilder(uri(service, path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    private static URI uri(ConfigurableApplicationContext service, String path) {
        return URI.create("http://localhost:" + service.getEnvironment().getProperty("local.server.port") + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("Request failed: " + e, e);
        }
    }
}
