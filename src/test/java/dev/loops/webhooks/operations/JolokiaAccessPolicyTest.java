package dev.loops.webhooks.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loops.webhooks.support.ServiceTest;
import dev.loops.webhooks.support.StripeEvents;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * What the admin can and cannot do through Jolokia: look at every MBean, and start, stop, suspend, resume and
 * reset Camel routes; nothing else runs and nothing is written. Only pages of the service itself may call it.
 */
class JolokiaAccessPolicyTest extends ServiceTest {

    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_TOKEN).getBytes());
    private static final String CONTEXT = "org.apache.camel:context=incoming-webhooks,type=context,name=\"incoming-webhooks\"";
    private static final String POOL = "org.apache.camel:context=incoming-webhooks,type=threadpools,"
            + "name=\"ErrorHandlerRedeliveryThreadPool\"";
    private static final String STEAL_SECRETS = "sql:SELECT signing_secret FROM webhook_endpoint";
    private static final String FOREIGN = "http://evil.example";

    /** The service's own origin: its public URL (in tests http://localhost:0, the port being random). */
    @Value("${loops.public-url}")
    private String ownOrigin;

    @Test
    void noCamelEndpointCanBeCalledThroughTheContext() {
        stripeEndpoint();
        String exec = json(Map.of("type", "exec", "mbean", CONTEXT, "operation", "requestStringBody",
                "arguments", new String[] {STEAL_SECRETS, ""}));

        HttpResponse<String> get = jolokia("GET", "/actuator/jolokia/exec/" + path(CONTEXT) + "/requestStringBody/"
                + path(STEAL_SECRETS) + "/x", null);
        HttpResponse<String> post = jolokia("POST", "/actuator/jolokia", exec);
        HttpResponse<String> viaHawtio = jolokia("POST", "/actuator/hawtio/jolokia", exec);

        for (HttpResponse<String> response : List.of(get, post, viaHawtio)) {
            assertRefused(response);
            assertThat(response.body()).as(response.uri().toString()).doesNotContain(SECRET);
        }
        long endpoints = count("webhook_endpoint");
        assertRefused(exec(CONTEXT, "sendStringBody", "sql:DELETE FROM webhook_endpoint", ""));
        assertThat(count("webhook_endpoint")).isEqualTo(endpoints);
    }

    @Test
    void operationsOffTheListAreRefusedAndChangeNothing() {
        assertRefused(exec(route("stripe-webhook"), "remove()"));
        assertRefused(exec(route("stripe-webhook"), "updateRouteFromXml", "<routes/>"));
        assertRefused(exec("java.util.logging:type=Logging", "setLoggerLevel", "dev.loops", "OFF"));
        assertRefused(exec("com.sun.management:type=DiagnosticCommand", "vmFlags(java.lang.String[])", (Object) new String[0]));

        assertThat(state("stripe-webhook")).isEqualTo("Started");
        assertThat(java.util.logging.Logger.getLogger("dev.loops").getLevel()).isNull();
    }

    @Test
    void attributeWritesAreRefusedAndLeaveTheValue() {
        int poolSize = read(POOL, "CorePoolSize").asInt();

        assertRefused(jolokia("POST", "/actuator/jolokia", json(Map.of("type", "write", "mbean", POOL,
                "attribute", "CorePoolSize", "value", poolSize + 7))));
        assertRefused(jolokia("GET", "/actuator/hawtio/jolokia/write/" + path(POOL) + "/CorePoolSize/"
                + (poolSize + 7), null));
        assertRefused(jolokia("POST", "/actuator/jolokia", json(Map.of("type", "write", "mbean",
                route("stripe-webhook"), "attribute", "Tracing", "value", true))));

        assertThat(read(POOL, "CorePoolSize").asInt()).isEqualTo(poolSize);
        assertThat(read(route("stripe-webhook"), "Tracing").asBoolean()).isFalse();
    }

    @Test
    void readsListsAndSearchesWork() {
        assertThat(read(route("stripe-webhook"), "State").asText()).isEqualTo("Started");
        assertThat(read("java.lang:type=Memory", "HeapMemoryUsage").path("used").asLong()).isPositive();

        JsonNode list = body(jolokia("GET", "/actuator/jolokia/list/org.apache.camel?maxDepth=2", null));
        assertThat(list.path("status").asInt()).isEqualTo(200);
        assertThat(list.path("value").fieldNames()).toIterable()
                .anyMatch(name -> name.contains("type=routes") && name.contains("name=\"stripe-webhook\""));

        JsonNode search = body(jolokia("POST", "/actuator/hawtio/jolokia",
                json(Map.of("type", "search", "mbean", "org.apache.camel:type=routes,*"))));
        assertThat(search.path("value").toString()).contains("name=\\\"stripe-webhook\\\"", "name=\\\"sync-contact\\\"");
    }

    @Test
    void readsShowNoSecret() {
        stripeEndpoint();

        HttpResponse<String> everything = jolokia("GET", "/actuator/jolokia/read/*:*?ignoreErrors=true", null);

        assertThat(body(everything).path("status").asInt()).isEqualTo(200);
        assertThat(everything.body()).contains("HeapMemoryUsage").doesNotContain(SECRET).doesNotContain(ADMIN_TOKEN);
    }

    @Test
    void anOperatorStopsAndStartsARoute() {
        try {
            assertAllowed(exec(route("prune-old-records"), "stop()"));
            assertThat(state("prune-old-records")).isEqualTo("Stopped");

            assertAllowed(exec(route("prune-old-records"), "start()"));
            assertThat(state("prune-old-records")).isEqualTo("Started");
        } finally {
            exec(route("prune-old-records"), "start()");
        }
    }

    @Test
    void anOperatorSuspendsResumesAndResetsTheStatisticsOfARoute() {
        try {
            assertAllowed(exec(route("prune-old-records"), "suspend()"));
            assertThat(state("prune-old-records")).isEqualTo("Suspended");

            assertAllowed(exec(route("prune-old-records"), "resume()"));
            assertThat(state("prune-old-records")).isEqualTo("Started");
        } finally {
            exec(route("prune-old-records"), "resume()");
        }

        postSigned(stripeEndpoint(), StripeEvents.fixture("invoice.paid"));
        assertThat(read(route("stripe-webhook"), "ExchangesTotal").asLong()).isPositive();
        assertAllowed(exec(route("stripe-webhook"), "reset()"));
        assertThat(read(route("stripe-webhook"), "ExchangesTotal").asLong()).isZero();
    }

    @Test
    void aForeignPageGetsNoCorsHeaderAndCannotReadOrRun() {
        HttpResponse<String> read = request("GET", "/actuator/jolokia/read/java.lang:type=Memory", null,
                "Authorization", BASIC, "Origin", FOREIGN);
        HttpResponse<String> stop = request("POST", "/actuator/hawtio/jolokia", json(Map.of("type", "exec",
                        "mbean", route("prune-old-records"), "operation", "stop()")),
                "Authorization", BASIC, "Origin", FOREIGN, "Content-Type", "text/plain");
        HttpResponse<String> referred = request("GET", "/actuator/jolokia/read/java.lang:type=Memory", null,
                "Authorization", BASIC, "Referer", FOREIGN + "/page.html");

        for (HttpResponse<String> response : List.of(read, stop, referred)) {
            assertRefused(response);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).as(response.uri().toString())
                    .isEmpty();
            assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        }
        assertThat(state("prune-old-records")).isEqualTo("Started");
    }

    @Test
    void theServicesOwnPagesAreAllowed() {
        HttpResponse<String> fromOrigin = request("GET", "/actuator/jolokia/read/java.lang:type=Memory", null,
                "Authorization", BASIC, "Origin", ownOrigin);
        // Hawtio's GETs carry no Origin, only a Referer (its pages send the origin alone: Referrer-Policy strict-origin)
        HttpResponse<String> fromPage = request("GET", "/actuator/hawtio/jolokia/version", null,
                "Authorization", BASIC, "Referer", ownOrigin + "/");

        assertAllowed(fromOrigin);
        assertThat(fromOrigin.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ownOrigin);
        assertAllowed(fromPage);
    }

    @Test
    void aRequestThatNamesNoOriginIsRefused() {
        // a browser sends neither Origin nor Referer for <img referrerpolicy="no-referrer" src=".../exec/...">,
        // yet it sends the session cookie to a sibling port of the same site: Jolokia's strict checking refuses it
        HttpResponse<String> response = request("GET", "/actuator/jolokia/read/java.lang:type=Memory", null,
                "Authorization", BASIC);

        assertRefused(response);
    }

    private HttpResponse<String> jolokia(String method, String path, String body) {
        return request(method, path, body, "Authorization", BASIC, "Origin", ownOrigin,
                "Content-Type", "application/json");
    }

    private HttpResponse<String> exec(String mbean, String operation, Object... arguments) {
        return jolokia("POST", "/actuator/jolokia", json(Map.of("type", "exec", "mbean", mbean,
                "operation", operation, "arguments", arguments)));
    }

    private JsonNode read(String mbean, String attribute) {
        JsonNode response = body(jolokia("POST", "/actuator/jolokia",
                json(Map.of("type", "read", "mbean", mbean, "attribute", attribute))));
        assertThat(response.path("status").asInt()).as(response.toString()).isEqualTo(200);
        return response.path("value");
    }

    private String state(String routeId) {
        return read(route(routeId), "State").asText();
    }

    private static String route(String routeId) {
        return "org.apache.camel:context=incoming-webhooks,type=routes,name=\"" + routeId + "\"";
    }

    private void assertAllowed(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(body(response).path("status").asInt()).as(response.body()).isEqualTo(200);
    }

    /** Jolokia answers a refusal in its JSON (the HTTP status stays 200): status 403, no value. */
    private void assertRefused(HttpResponse<String> response) {
        JsonNode body = body(response);
        assertThat(body.path("status").asInt()).as(response.uri() + " " + response.body()).isEqualTo(403);
        assertThat(body.path("error").asText()).as(response.body()).containsAnyOf("forbidden", "is not allowed");
        assertThat(body.has("value")).as(response.body()).isFalse();
    }

    private JsonNode body(HttpResponse<String> response) {
        return readJson(response.body());
    }

    private String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    /** One part of a Jolokia GET URL: '!' and '/' escaped Jolokia's way, the rest URL-encoded. */
    private static String path(String part) {
        return URLEncoder.encode(part.replace("!", "!!").replace("/", "!/"), StandardCharsets.UTF_8).replace("+", "%20");
    }
}
