package dev.loops.webhooks.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loops.webhooks.config.LoopsProperties;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.support.StripeEvents;
import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Trigger events: newest first, by name and by address, with their publish state and properties. */
class ConsoleEventPagesTest extends ConsoleBrowsing {

    private static final String RELAY = "outbox-relay";

    @Autowired
    private CamelContext camel;

    @Autowired
    private LoopsProperties properties;

    @Test
    void withoutTriggerEventsThePageSaysWhereTheyComeFrom() {
        Document page = page("/console/events");

        assertThat(page.select("main p.empty").text()).startsWith("No trigger events. An endpoint records one when");
        assertThat(page.select("tbody tr")).isEmpty();
        assertThat(page("/console/events", "name", "nothing").select("main p.empty").text()).startsWith("No trigger events match.");
    }

    @Test
    void triggerEventsAreListedNewestFirstWithTheirSourceAndProperties() {
        WebhookEndpoint endpoint = stripeEndpoint();
        postSigned(endpoint, StripeEvents.fixture("invoice.paid"));
        postSigned(endpoint, StripeEvents.fixture("customer.created"));

        Document page = page("/console/events");

        List<Element> rows = page.select("tbody tr");
        assertThat(rows).hasSize(2);
        List<String> newest = rows.get(0).select("td").eachText();
        assertThat(newest.subList(0, 3)).containsExactly("newStripeCustomer", "Zoe.Li@Example.COM", "customer.created");
        assertThat(properties(rows.get(0)).path("customerId").asText()).isEqualTo("cus_RzoeLi0000001");
        List<String> oldest = rows.get(1).select("td").eachText();
        assertThat(oldest.subList(0, 3)).containsExactly("successfulPayment", "missouri@example.org", "invoice.paid");
        JsonNode paid = properties(rows.get(1));
        assertThat(paid.path("invoiceId").asText()).isEqualTo("in_1RFFohKXBGcbgpbZk9MxzDMc");
        assertThat(paid.path("amountPaid").asInt()).isEqualTo(24512);
        assertThat(paid.path("currency").asText()).isEqualTo("usd");
        assertThat(rows.get(1).selectFirst("td a").attr("href"))
                .isEqualTo("/console/audience/" + contactRow("missouri@example.org").get("id"));
        assertThat(rows.get(1).select("td").get(4).text()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
    }

    @Test
    void theListFiltersByNameAndByAddress() {
        WebhookEndpoint endpoint = stripeEndpoint();
        postSigned(endpoint, StripeEvents.fixture("invoice.paid"));
        postSigned(endpoint, StripeEvents.fixture("customer.created"));
        postSigned(endpoint, invoicePaid("zoe.li@example.com", "cus_RzoeLi0000001"));

        assertThat(names(page("/console/events"))).containsExactly("successfulPayment", "newStripeCustomer", "successfulPayment");
        assertThat(emails(page("/console/events", "name", "successfulPayment")))
                .containsExactly("zoe.li@example.com", "missouri@example.org");
        assertThat(names(page("/console/events", "email", "Zoe.Li@Example.com")))
                .containsExactly("successfulPayment", "newStripeCustomer");
        Document both = page("/console/events", "name", "newStripeCustomer", "email", "zoe.li@example.com");
        assertThat(names(both)).containsExactly("newStripeCustomer");
        assertThat(both.select("#event-name").val()).isEqualTo("newStripeCustomer");
        assertThat(both.select("#event-email").val()).isEqualTo("zoe.li@example.com");
        Document none = page("/console/events", "name", "newStripeCustomer", "email", "missouri@example.org");
        assertThat(none.select("tbody tr")).isEmpty();
        assertThat(none.select("main p.empty").text()).startsWith("No trigger events match.");
    }

    @Test
    void eachEventSaysWhetherItIsWaitingInTheOutboxPublishedOrWhetherPublishingIsOff() throws Exception {
        WebhookEndpoint endpoint = stripeEndpoint();
        String servers = properties.getKafka().getBootstrapServers();
        camel.getRouteController().stopRoute(RELAY);
        try {
            postSigned(endpoint, StripeEvents.fixture("invoice.paid"));

            Document waiting = page("/console/events");
            assertThat(state(waiting)).isEqualTo("waiting in the outbox");
            assertThat(waiting.select("main > p.muted").text()).doesNotContain("Publishing is off");

            // the service started without Kafka: nothing is published, and the page says why
            properties.getKafka().setBootstrapServers("");
            try {
                Document off = page("/console/events");
                assertThat(state(off)).isEqualTo("publishing off");
                assertThat(off.select("main > p.muted").text()).startsWith("Publishing is off (no LOOPS_KAFKA_BOOTSTRAP_SERVERS)");
            } finally {
                properties.getKafka().setBootstrapServers(servers);
            }
        } finally {
            camel.getRouteController().startRoute(RELAY);
        }

        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> state(page("/console/events")).equals("published"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM trigger_event WHERE published_at IS NOT NULL").query(Long.class).single())
                .isEqualTo(1);
    }

    private static String state(Document page) {
        return page.select("tbody tr").get(0).select("td").get(3).text();
    }

    private static List<String> names(Document page) {
        return page.select("tbody tr td:first-child").eachText();
    }

    private static List<String> emails(Document page) {
        return page.select("tbody tr td:nth-child(2)").eachText();
    }

    private JsonNode properties(Element row) {
        return readJson(row.select("td pre").text());
    }
}
