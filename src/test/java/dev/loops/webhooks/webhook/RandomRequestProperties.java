package dev.loops.webhooks.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.loops.webhooks.WebhooksApplication;
import dev.loops.webhooks.endpoint.EndpointDraft;
import dev.loops.webhooks.endpoint.EndpointService;
import dev.loops.webhooks.endpoint.EventSettings;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.support.ClerkEvents;
import dev.loops.webhooks.support.StripeEvents;
import dev.loops.webhooks.support.SupabaseEvents;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Random headers and bodies thrown at the real service over HTTP: never a 5xx, and nothing written but the
 * webhook log. Bodies are sometimes validly signed, so the checks after the signature are reached too, and
 * real events of every platform are sent with strange values where their route files read.
 */
class RandomRequestProperties {

    private static final String SECRET = "whsec_fuzz_secret_0123456789abcdefghij";
    private static final List<String> TABLES = List.of("contact", "trigger_event", "processed_event");

    private static ConfigurableApplicationContext service;
    private static HttpClient http;
    private static String url;
    /** Per platform, an endpoint whose every type records a trigger event (also when the contact is unchanged). */
    private static final Map<String, String> triggeringUrls = new LinkedHashMap<>();
    private static String supabaseSecret;
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
        EndpointService endpoints = service.getBean(EndpointService.class);
        Map<String, EventSettings> everyTypeTriggers = new LinkedHashMap<>();
        endpoints.suggestedEvents("stripe").keySet().forEach(type -> everyTypeTriggers.put(type, EventSettings.triggering("fuzzed")));
        WebhookEndpoint triggering = endpoints.create(new EndpointDraft("stripe", "Fuzzed values", SECRET, "fuzz", true,
                everyTypeTriggers, null));
        triggeringUrls.put("stripe", "http://localhost:" + port + "/webhooks/stripe/" + triggering.id());
        WebhookEndpoint clerk = endpoints.create(new EndpointDraft("clerk", "Fuzzed Clerk values", ClerkEvents.SECRET,
                "fuzz", true, everyTypeTriggering(endpoints, "clerk"), null));
        triggeringUrls.put("clerk", "http://localhost:" + port + "/webhooks/clerk/" + clerk.id());
        WebhookEndpoint supabase = endpoints.create(new EndpointDraft("supabase", "Fuzzed Supabase values", null,
                "fuzz", true, everyTypeTriggering(endpoints, "supabase"), null));
        supabaseSecret = supabase.signingSecret();
        triggeringUrls.put("supabase", "http://localhost:" + port + "/webhooks/supabase/" + supabase.id());
        jdbc = service.getBean(JdbcClient.class);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static Map<String, EventSettings> everyTypeTriggering(EndpointService endpoints, String platform) {
        Map<String, EventSettings> events = new LinkedHashMap<>();
        endpoints.suggestedEvents(platform).keySet().forEach(type ->
                events.put(type, new EventSettings(null, "fuzzed", null, null, null, null, true)));
        return events;
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

    /**
     * A real event of each family of each platform (Stripe, Clerk, Supabase), validly signed or carrying the
     * endpoint's secret header, with one to three of the fields its platform's envelope or its type's mapping reads
     * set to a generated value: any Unicode (control characters, NUL, unpaired surrogates), very long text, numbers
     * beyond 64 bits, or another JSON type. The answer is 2xx or 4xx, never 5xx; a 4xx writes nothing.
     */
    @Property(tries = 900)
    void validlySignedEventsWithStrangeValuesAreNever5xx(@ForAll("strangeEvents") StrangeEvent event) throws Exception {
        Map<String, Long> before = counts();
        byte[] body = event.body();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(triggeringUrls.get(event.platform())))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        switch (event.platform()) {
            case "stripe" -> request.header("Stripe-Signature", StripeEvents.sign(body, SECRET));
            case "clerk" -> {
                String[] headers = ClerkEvents.headers(ClerkEvents.messageId(), body);
                for (int i = 2; i < headers.length; i += 2) {
                    request.header(headers[i], headers[i + 1]);
                }
            }
            case "supabase" -> request.header(SupabaseEvents.SECRET_HEADER, supabaseSecret);
            default -> throw new IllegalArgumentException(event.platform());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isIn(200, 400, 413);
        if (response.statusCode() == 200) {
            String status = new ObjectMapper().readTree(response.body()).path("status").asText();
            Statistics.collect(event.platform(), status);
            assertThat(status).isIn("processed", "ignored", "duplicate");
        } else {
            Statistics.collect(event.platform(), response.statusCode());
            assertThat(counts()).isEqualTo(before);
        }
    }

    /** @param fixture "platform:fixture", e.g. "clerk:user.created" */
    record StrangeEvent(String fixture, Map<String, JsonNode> changes, byte[] body) {
        String platform() {
            return fixture.substring(0, fixture.indexOf(':'));
        }

        @Override
        public String toString() {
            StringBuilder shown = new StringBuilder(fixture);
            changes.forEach((path, value) -> {
                String text = value.toString();
                shown.append(' ').append(path).append('=').append(text, 0, Math.min(text.length(), 120));
            });
            return shown.toString();
        }
    }

    /**
     * Per fixture: the fields its platform's envelope and stored jq and the mapping of its family read
     * (routes/platforms/stripe.yaml, clerk.yaml, supabase.yaml).
     */
    private static final Map<String, List<String>> FIELDS_READ = new java.util.TreeMap<>(Map.of(
            "stripe:invoice.paid", List.of("data.object.customer_email", "data.object.customer_name", "data.object.customer",
                    "data.object.id", "data.object.number", "data.object.amount_paid", "data.object.amount_due",
                    "data.object.currency", "data.object.hosted_invoice_url", "data.object.invoice_pdf",
                    "data.object.subscription", "data.object.parent", "id", "type", "created", "data.object"),
            "stripe:checkout.session.completed", List.of("data.object.customer_details.email", "data.object.customer_email",
                    "data.object.customer_details.name", "data.object.customer_details", "data.object.customer",
                    "data.object.id", "data.object.amount_total", "data.object.currency", "data.object.mode",
                    "data.object.payment_status", "created"),
            "stripe:customer.updated.email-change", List.of("data.object.email", "data.object.name", "data.object.id",
                    "data.previous_attributes.email", "data.previous_attributes", "created", "id"),
            "stripe:customer.subscription.created", List.of("data.object.customer", "data.object.id", "data.object.status",
                    "data.object.items.data[0].price.id", "data.object.items.data[0].price.product",
                    "data.object.items.data[0].current_period_end", "data.object.items.data",
                    "data.object.items", "data.object.plan", "data.object.current_period_end", "data.object.trial_end",
                    "data.object.cancel_at_period_end"),
            "stripe:charge.dispute.created", List.of("data.object.evidence.customer_email_address",
                    "data.object.evidence.customer_name", "data.object.evidence", "data.object.charge", "data.object.id",
                    "data.object.amount", "data.object.reason", "data.object.status"),
            "stripe:quote.finalized", List.of("data.object.customer", "data.object.id", "data.object.number",
                    "data.object.amount_total", "data.object.currency", "data.object.expires_at"),
            "stripe:customer.deleted", List.of("data.object.email", "data.object.id", "data.object.name")));

    static {
        List<String> clerkEnvelope = List.of("type", "timestamp", "data", "object", "instance_id", "data.object",
                "data.created_at", "data.updated_at");
        FIELDS_READ.put("clerk:user.created", concat(clerkEnvelope, "data.id", "data.primary_email_address_id",
                "data.email_addresses", "data.email_addresses[0]", "data.email_addresses[1].id",
                "data.email_addresses[1].email_address", "data.first_name", "data.last_name", "data.username",
                "data.image_url", "data.deleted"));
        FIELDS_READ.put("clerk:user.updated.new-primary", concat(clerkEnvelope, "data.id", "data.primary_email_address_id",
                "data.email_addresses[0].email_address", "data.email_addresses[1].id",
                "data.email_addresses[1].email_address", "data.first_name", "data.last_name"));
        FIELDS_READ.put("clerk:user.deleted", concat(clerkEnvelope, "data.id", "data.deleted", "data.email_addresses"));
        FIELDS_READ.put("clerk:waitlistEntry.created", concat(clerkEnvelope, "data.email_address", "data.id", "data.status"));
        List<String> supabaseEnvelope = List.of("type", "table", "schema", "record", "old_record", "record.updated_at",
                "old_record.updated_at");
        List<String> user = List.of("id", "email", "email_change", "created_at", "raw_user_meta_data",
                "raw_user_meta_data.first_name", "raw_user_meta_data.last_name", "raw_user_meta_data.full_name",
                "raw_user_meta_data.name");
        FIELDS_READ.put("supabase:auth.users.INSERT", concat(supabaseEnvelope, prefixed("record.", user)));
        FIELDS_READ.put("supabase:auth.users.INSERT.full-name", concat(supabaseEnvelope, prefixed("record.", user)));
        FIELDS_READ.put("supabase:auth.users.UPDATE.email-changed", concat(concat(supabaseEnvelope,
                prefixed("record.", user)), prefixed("old_record.", user)));
        FIELDS_READ.put("supabase:auth.users.DELETE", concat(supabaseEnvelope, prefixed("old_record.", user)));
    }

    /** Per fixture, where its email is: each try gets its own address, so the contacts are created, not only updated. */
    private static final Map<String, String> EMAIL_AT = Map.ofEntries(
            Map.entry("stripe:invoice.paid", "data.object.customer_email"),
            Map.entry("stripe:checkout.session.completed", "data.object.customer_details.email"),
            Map.entry("stripe:customer.updated.email-change", "data.object.email"),
            Map.entry("stripe:customer.deleted", "data.object.email"),
            Map.entry("clerk:user.created", "data.email_addresses[1].email_address"),
            Map.entry("clerk:user.updated.new-primary", "data.email_addresses[1].email_address"),
            Map.entry("clerk:waitlistEntry.created", "data.email_address"),
            Map.entry("supabase:auth.users.INSERT", "record.email"),
            Map.entry("supabase:auth.users.INSERT.full-name", "record.email"),
            Map.entry("supabase:auth.users.UPDATE.email-changed", "record.email"),
            Map.entry("supabase:auth.users.DELETE", "old_record.email"));

    private static List<String> concat(List<String> first, String... more) {
        return concat(first, List.of(more));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    private static List<String> prefixed(String prefix, List<String> fields) {
        return fields.stream().map(field -> prefix + field).toList();
    }

    private static final java.util.concurrent.atomic.AtomicLong SEQUENCE = new java.util.concurrent.atomic.AtomicLong();

    @Provide
    Arbitrary<StrangeEvent> strangeEvents() {
        Arbitrary<String> fixture = Arbitraries.of(List.copyOf(FIELDS_READ.keySet()));
        return fixture.flatMap(name -> {
            Arbitrary<List<String>> paths = Arbitraries.of(FIELDS_READ.get(name)).list().ofMinSize(1).ofMaxSize(3).uniqueElements();
            Arbitrary<List<JsonNode>> values = strangeValues().list().ofSize(3);
            return Combinators.combine(paths, values).as((chosen, generated) -> {
                Map<String, JsonNode> changes = new LinkedHashMap<>();
                for (int i = 0; i < chosen.size(); i++) {
                    changes.put(chosen.get(i), generated.get(i));
                }
                return new StrangeEvent(name, changes, strangeBody(name, changes));
            });
        });
    }

    private static byte[] strangeBody(String fixture, Map<String, JsonNode> changes) {
        ObjectMapper mapper = new ObjectMapper();
        String platform = fixture.substring(0, fixture.indexOf(':'));
        String name = fixture.substring(platform.length() + 1);
        try {
            ObjectNode event = (ObjectNode) mapper.readTree(switch (platform) {
                case "stripe" -> StripeEvents.fixture(name);
                case "clerk" -> ClerkEvents.fixture(name);
                default -> SupabaseEvents.fixture(name);
            });
            long n = SEQUENCE.incrementAndGet();
            // Clerk's id is the svix-id of each request, Supabase's a digest of the body, which the address makes unique
            if (platform.equals("stripe")) {
                event.put("id", "evt_fuzz_" + n + "_" + System.nanoTime());
            }
            if (EMAIL_AT.containsKey(fixture)) {
                set(event, EMAIL_AT.get(fixture), TextNode.valueOf("fuzz-" + n + "@example.com"));
            }
            // a copy: the generated objects are shared between tries, and a later path may write inside one
            changes.forEach((path, value) -> set(event, path, value.deepCopy()));
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(event);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Sets the value at a dotted path ("a.b[0].c"), creating the objects on the way; an index past an array's end is skipped. */
    private static void set(ObjectNode root, String path, JsonNode value) {
        String[] steps = path.split("\\.");
        JsonNode node = root;
        for (int i = 0; i < steps.length; i++) {
            String step = steps[i];
            int bracket = step.indexOf('[');
            String field = bracket < 0 ? step : step.substring(0, bracket);
            boolean last = i == steps.length - 1;
            if (!(node instanceof ObjectNode object)) {
                return;
            }
            if (bracket < 0) {
                if (last) {
                    object.set(field, value);
                    return;
                }
                if (!object.path(field).isContainerNode()) {
                    object.putObject(field);
                }
                node = object.get(field);
            } else {
                int index = Integer.parseInt(step.substring(bracket + 1, step.length() - 1));
                JsonNode array = object.path(field);
                if (!array.isArray() || array.size() <= index) {
                    return;
                }
                if (last) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) array).set(index, value);
                    return;
                }
                node = array.get(index);
            }
        }
    }

    private static Arbitrary<JsonNode> strangeValues() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        Arbitrary<JsonNode> anyUnicode = Arbitraries.strings().all().ofMaxLength(300).map(nodes::textNode);
        Arbitrary<JsonNode> controls = Arbitraries.strings().withCharRange('\u0000', '\u001f').withChars('\u007f', '\u0085', '\u2028')
                .ofMinLength(1).ofMaxLength(20).map(c -> nodes.textNode("Jane" + c + "Doe@example.com"));
        Arbitrary<JsonNode> veryLong = Combinators.combine(Arbitraries.of("a", "é", "🚀", "\u0000", "x\u0001", "İ", "\ud800"),
                Arbitraries.integers().between(200, 210_000)).as((unit, times) -> nodes.textNode(unit.repeat(times / unit.length())));
        Arbitrary<JsonNode> longEmail = Arbitraries.integers().between(60, 400)
                .map(length -> nodes.textNode("a".repeat(Math.min(length, 64)) + "@" + "İ".repeat(length) + ".com"));
        Arbitrary<JsonNode> numbers = Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(java.math.BigInteger.TWO.pow(63).negate().multiply(java.math.BigInteger.TEN),
                        java.math.BigInteger.TWO.pow(70)).map(nodes::numberNode),
                Arbitraries.longs().map(nodes::numberNode),
                Arbitraries.of(-1e300, 1.5, -0.0, 4.2e18).map(nodes::numberNode),
                Arbitraries.of(new java.math.BigDecimal("1e400"), new java.math.BigDecimal("-1e-400")).map(nodes::numberNode));
        Arbitrary<JsonNode> otherTypes = Arbitraries.of(nodes.nullNode(), nodes.booleanNode(true), nodes.objectNode(),
                nodes.arrayNode(), nodes.objectNode().put("email", "nested@example.com"),
                nodes.arrayNode().add("a").add(1).add(nodes.objectNode()), nodes.textNode(""), nodes.textNode("   "));
        return Arbitraries.oneOf(anyUnicode, controls, veryLong, longEmail, numbers, otherTypes);
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
