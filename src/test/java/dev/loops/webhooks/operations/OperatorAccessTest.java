package dev.loops.webhooks.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Base64;

import dev.loops.webhooks.support.ServiceTest;
import dev.loops.webhooks.support.StripeEvents;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/** What operators reach, and what nobody else does: Hawtio, Jolokia, metrics and health. */
class OperatorAccessTest extends ServiceTest {

    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_TOKEN).getBytes());
    private static final String WRONG = "Basic " + Base64.getEncoder().encodeToString("admin:not-the-token-0000".getBytes());

    /** Jolokia answers only requests that name the service's own origin (JolokiaAccessPolicyTest). */
    @Value("${loops.public-url}")
    private String ownOrigin;

    @Test
    void jolokiaRefusesAnonymousAndWrongCredentialsOnEveryPath() {
        for (String path : new String[] {"/actuator/jolokia/read/java.lang:type=Memory",
                "/actuator/hawtio/jolokia/read/java.lang:type=Memory", "/actuator/jolokia", "/actuator/prometheus"}) {
            assertThat(request("GET", path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(request("GET", path, null, "Authorization", WRONG).statusCode()).as(path).isEqualTo(401);
        }
        assertThat(request("POST", "/actuator/jolokia", "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\"}",
                "Content-Type", "application/json").statusCode()).isEqualTo(401);
    }

    @Test
    void theAdminSeesTheCamelRoutesThroughJolokia() {
        HttpResponse<String> routes = request("GET", "/actuator/jolokia/search/org.apache.camel:type=routes,*", null,
                "Authorization", BASIC, "Origin", ownOrigin);
        assertThat(routes.statusCode()).isEqualTo(200);
        assertThat(routes.body()).contains("name=\\\"stripe-webhook\\\"", "name=\\\"sync-contact\\\"",
                "name=\\\"outbox-relay\\\"", "name=\\\"apply-event\\\"", "name=\\\"stripe-invoice-events\\\"");
    }

    @Test
    void hawtiosLoginFormTakesTheAdminTokenAndItsSessionOpensJolokia() {
        HttpResponse<String> wrong = request("POST", "/actuator/hawtio/auth/login",
                "{\"username\":\"admin\",\"password\":\"not-the-token\"}", "Content-Type", "application/json");
        assertThat(wrong.statusCode()).isEqualTo(403);

        HttpResponse<String> login = request("POST", "/actuator/hawtio/auth/login",
                "{\"username\":\"admin\",\"password\":\"" + ADMIN_TOKEN + "\"}", "Content-Type", "application/json");
        assertThat(login.statusCode()).isEqualTo(200);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
        String session = cookie.substring(0, cookie.indexOf(';'));

        HttpResponse<String> read = request("GET", "/actuator/hawtio/jolokia/read/java.lang:type=Memory", null,
                "Cookie", session, "Referer", ownOrigin + "/");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(readJson(read.body()).path("status").asInt()).as(read.body()).isEqualTo(200);
        assertThat(request("GET", "/actuator/hawtio/user", null, "Cookie", session).body()).contains("admin");
    }

    @Test
    void prometheusShowsWebhookOutboxAndRouteMetrics() {
        postSigned(stripeEndpoint(), StripeEvents.fixture("invoice.paid"));

        String metrics = request("GET", "/actuator/prometheus", null, "Authorization", BASIC).body();

        assertThat(metrics).contains("webhooks_received_total{", "outcome=\"processed\"", "event_type=\"invoice.paid\"",
                "webhooks_processing_seconds_bucket{", "contacts_changed_total{", "action=\"created\"",
                "trigger_events_recorded_total{", "event_name=\"successfulPayment\"", "trigger_events_published_total",
                "outbox_backlog", "outbox_publish_lag_seconds", "camel_exchanges_total");
    }

    @Test
    void healthIsOpenButItsDetailsAreTheAdmins() {
        HttpResponse<String> anonymous = request("GET", "/actuator/health", null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(anonymous.body()).doesNotContain("\"db\"");

        String detailed = request("GET", "/actuator/health", null, "Authorization", BASIC).body();
        assertThat(detailed).contains("\"db\"", "\"kafka\"");
        assertThat(request("GET", "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        assertThat(request("GET", "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
    }
}
