package dev.loops.webhooks.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.support.StripeEvents;
import org.awaitility.Awaitility;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The webhook log: filtered by endpoint, outcome and time (UTC), a delivery with its stored payload, replays of
 * one and of the filtered set with their progress.
 */
class ConsoleDeliveryPagesTest extends ConsoleBrowsing {

    @Test
    void withoutDeliveriesThePageSaysHowToGetOne() {
        Document page = page("/console/deliveries");

        assertThat(page.select("#delivery-rows .empty").text()).startsWith("No deliveries yet: paste an endpoint's URL");
        assertThat(page("/console/deliveries", "status", "processed").select("#delivery-rows .empty").text())
                .isEqualTo("No delivery matches this filter.");
        assertThat(html(get("/console/deliveries/rows")).select(".empty").text()).startsWith("No deliveries yet");
    }

    @Test
    void theLogFiltersByEndpointAndByOutcome() {
        WebhookEndpoint live = stripeEndpoint("Stripe live", null, endpoints.suggestedEvents("stripe"));
        WebhookEndpoint staging = stripeEndpoint("Stripe staging", null, endpoints.suggestedEvents("stripe"));
        postSigned(live, StripeEvents.fixture("invoice.paid"));
        postSigned(live, StripeEvents.fixture("customer.source.created"));
        post("/webhooks/stripe/" + live.id(), StripeEvents.fixture("customer.created"),
                "Content-Type", "application/json", "Stripe-Signature", "t=1,v1=00");
        postSigned(staging, StripeEvents.fixture("customer.created"));

        Document all = page("/console/deliveries");
        assertThat(outcomes(all)).containsExactly("processed", "rejected", "ignored", "processed");

        Document ofLive = page("/console/deliveries", "endpointId", live.id());
        assertThat(ids(ofLive)).containsExactlyElementsOf(idsWhere("endpoint_id = '" + live.id() + "'"));
        assertThat(outcomes(ofLive)).containsExactly("rejected", "ignored", "processed");
        assertThat(ofLive.select("#f-endpoint option[selected]").text()).isEqualTo("Stripe live");

        Document rejected = page("/console/deliveries", "status", "rejected");
        assertThat(outcomes(rejected)).containsExactly("rejected");
        assertThat(rejected.select("#delivery-rows tbody tr").get(0).select("td").get(4).text()).isNotBlank();
        assertThat(rejected.select("#f-status option[selected]").text()).isEqualTo("rejected");
        assertThat(outcomes(page("/console/deliveries", "endpointId", staging.id(), "status", "processed")))
                .containsExactly("processed");
        assertThat(outcomes(page("/console/deliveries", "endpointId", staging.id(), "status", "ignored"))).isEmpty();

        // the table the page polls keeps the filter
        String refresh = ofLive.select("#delivery-rows").attr("hx-get");
        assertThat(refresh).isEqualTo("/console/deliveries/rows?endpointId=" + live.id());
        assertThat(outcomes(html(get(refresh)))).containsExactly("rejected", "ignored", "processed");
    }

    @Test
    void theLogFiltersByTimeReadAsUtc() {
        WebhookEndpoint endpoint = stripeEndpoint();
        postSigned(endpoint, StripeEvents.fixture("invoice.paid"));
        postSigned(endpoint, StripeEvents.fixture("customer.created"));
        postSigned(endpoint, StripeEvents.fixture("invoice.payment_failed"));
        List<Long> ids = idsWhere("1 = 1");
        receivedAt(ids.get(2), "2026-01-10T08:00:00Z");
        receivedAt(ids.get(1), "2026-01-10T12:00:00Z");
        receivedAt(ids.get(0), "2026-01-10T16:00:00Z");

        assertThat(ids(page("/console/deliveries", "from", "2026-01-10T10:00"))).containsExactly(ids.get(0), ids.get(1));
        assertThat(ids(page("/console/deliveries", "to", "2026-01-10T14:00:00"))).containsExactly(ids.get(1), ids.get(2));
        Document between = page("/console/deliveries", "from", "2026-01-10T11:59:59", "to", "2026-01-10T12:00:01");
        assertThat(ids(between)).containsExactly(ids.get(1));
        assertThat(between.select("#f-from").val()).isEqualTo("2026-01-10T11:59:59");
        assertThat(between.select("#f-to").val()).isEqualTo("2026-01-10T12:00:01");
        assertThat(between.select("#delivery-rows tbody tr td:first-child").text()).isEqualTo("2026-01-10 12:00:00");
        assertThat(ids(page("/console/deliveries", "from", "2026-01-10T16:00:01"))).isEmpty();
    }

    @Test
    void anOutcomeThatIsNoneIsRefusedOnAPage() {
        MvcResult result = get("/console/deliveries", "status", "bogus");

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        Document page = html(result);
        assertThat(page.select("h1").text()).isEqualTo("Refused");
        assertThat(page.select("main .error").text()).startsWith("status must be one of ");
    }

    @Test
    void aDeliverysPageShowsItsEventTheReplyAndThePrettyPrintedPayload() {
        WebhookEndpoint endpoint = stripeEndpoint();
        postSigned(endpoint, StripeEvents.fixture("invoice.paid"));
        long id = idsWhere("1 = 1").get(0);
        String message = jdbc.sql("SELECT message FROM webhook_delivery WHERE id = :id").param("id", id)
                .query(String.class).single();

        Document page = page("/console/deliveries/" + id);

        assertThat(page.select("h1").text()).isEqualTo("Delivery " + id + " processed");
        assertThat(fact(page, "Event id")).isEqualTo("evt_1QxInvoicePaidMissouri01");
        assertThat(fact(page, "Event type")).isEqualTo("invoice.paid");
        assertThat(fact(page, "Platform")).isEqualTo("stripe");
        assertThat(fact(page, "Endpoint")).isEqualTo(endpoint.id());
        assertThat(message).isNotBlank();
        assertThat(fact(page, "Reply")).isEqualTo("200 · " + message);
        assertThat(fact(page, "Contact")).isEqualTo("missouri@example.org");
        assertThat(fact(page, "Trigger event")).isEqualTo("successfulPayment");
        String payload = page.selectFirst("pre.payload").wholeText();
        assertThat(payload).contains("\n  \"id\" : \"evt_1QxInvoicePaidMissouri01\"").contains("\n    \"object\" : {");
        JsonNode stored = readJson(payload);
        assertThat(stored.path("data").path("object").path("customer_email").asText()).isEqualTo("missouri@example.org");
        assertThat(page.select("section:has(#replay) form")).hasSize(2);
    }

    @Test
    void aRejectedDeliveryHasNoPayloadAndCannotBeReplayed() {
        WebhookEndpoint endpoint = stripeEndpoint();
        post("/webhooks/stripe/" + endpoint.id(), StripeEvents.fixture("invoice.paid"), "Content-Type", "application/json");
        long id = idsWhere("1 = 1").get(0);

        Document page = page("/console/deliveries/" + id);

        assertThat(page.select("section:has(#payload) .empty").text()).startsWith("No payload is stored for this delivery");
        assertThat(page.select("section:has(#replay)")).isEmpty();
        Document refused = html(perform(MockMvcRequestBuilders.post("/console/deliveries/" + id + "/replay")
                .with(admin()).with(csrf())));
        assertThat(refused.select(".outcome").text()).isEqualTo("refused");
        assertThat(refused.text()).contains("409 · Delivery " + id + " has no stored payload to replay");
        assertThat(count("webhook_delivery")).isEqualTo(1);
        assertThat(get("/console/deliveries/999999").getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void replayingADeliveryIsADuplicateAndAForcedReplayProcessesItAgain() {
        WebhookEndpoint endpoint = stripeEndpoint();
        postSigned(endpoint, StripeEvents.fixture("invoice.paid"));
        long original = idsWhere("1 = 1").get(0);
        Document page = page("/console/deliveries/" + original);
        List<Element> forms = page.select("section:has(#replay) form");
        assertThat(forms.get(0).select("button").text()).isEqualTo("Replay");
        assertThat(forms.get(1).select("button").text()).isEqualTo("Force replay");

        Document replay = html(submit(forms.get(0)));

        assertThat(replay.select(".outcome").text()).isEqualTo("duplicate");
        assertThat(replay.select("p").text()).startsWith("duplicate Replay: 200 · ");
        assertThat(count("trigger_event")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT outcome FROM webhook_delivery WHERE replay_of = :id").param("id", original)
                .query(String.class).list()).containsExactly("duplicate");

        Document forced = html(submit(forms.get(1)));

        assertThat(forced.select(".outcome").text()).isEqualTo("processed");
        assertThat(forced.select("p").text()).startsWith("processed Forced replay: 200 · ");
        assertThat(count("trigger_event")).isEqualTo(2);
        assertThat(count("contact")).isEqualTo(1);
        // both replays are in the log, marked as replays of the original
        Document log = page("/console/deliveries");
        assertThat(outcomes(log)).containsExactly("processed", "duplicate", "processed");
        assertThat(log.select("#delivery-rows tbody tr").get(0).text()).contains("replay of " + original);
    }

    @Test
    void aBulkReplayOfTheShownDeliveriesReportsItsProgressUntilFinished() {
        WebhookEndpoint live = stripeEndpoint("Stripe live", null, endpoints.suggestedEvents("stripe"));
        WebhookEndpoint staging = stripeEndpoint("Stripe staging", null, endpoints.suggestedEvents("stripe"));
        postSigned(live, StripeEvents.fixture("invoice.paid"));
        postSigned(live, StripeEvents.fixture("customer.created"));
        postSigned(live, StripeEvents.fixture("customer.source.created"));
        postSigned(staging, StripeEvents.fixture("invoice.payment_failed"));
        List<Long> ofLive = idsWhere("endpoint_id = '" + live.id() + "'");
        long ofStaging = idsWhere("endpoint_id = '" + staging.id() + "'").get(0);
        long triggerEvents = count("trigger_event");
        Element bulk = form(page("/console/deliveries", "endpointId", live.id()), "/console/deliveries/replay");

        Document started = html(submit(bulk));

        Document finished = finish(started);
        assertThat(finished.select(".count").text()).isEqualTo("3 of 3");
        assertThat(finished.select(".tally").eachText()).containsExactly("duplicate: 2", "ignored: 1");
        List<String> oldestFirst = new ArrayList<>(ofLive.stream().map(id -> "#" + id).toList());
        Collections.reverse(oldestFirst);
        assertThat(finished.select("ul.results li a").eachText()).containsExactlyElementsOf(oldestFirst);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_delivery WHERE replay_of = :id").param("id", ofStaging)
                .query(Long.class).single()).as("the staging endpoint's delivery is not shown, so not replayed").isZero();
        assertThat(count("trigger_event")).as("duplicates record nothing").isEqualTo(triggerEvents);
    }

    @Test
    void aForcedBulkReplayAppliesTheProcessedEventsAgain() {
        WebhookEndpoint endpoint = stripeEndpoint();
        postSigned(endpoint, StripeEvents.fixture("invoice.paid"));
        postSigned(endpoint, StripeEvents.fixture("customer.created"));
        postSigned(endpoint, StripeEvents.fixture("customer.source.created"));
        Element bulk = form(page("/console/deliveries", "endpointId", endpoint.id()), "/console/deliveries/replay");
        check(bulk, "force", true);

        Document forced = finish(html(submit(bulk)));

        assertThat(forced.select(".count").text()).isEqualTo("3 of 3");
        assertThat(forced.select(".tally").eachText()).containsExactly("ignored: 1", "processed: 2");
        assertThat(jdbc.sql("SELECT event_name FROM trigger_event ORDER BY seq").query(String.class).list())
                .containsExactly("successfulPayment", "newStripeCustomer", "successfulPayment", "newStripeCustomer");
        assertThat(count("contact")).isEqualTo(2);
    }

    @Test
    void aBulkReplayOfNothingSaysSoAndAnUnknownJobIsNotFound() {
        WebhookEndpoint endpoint = stripeEndpoint();
        postSigned(endpoint, StripeEvents.fixture("invoice.paid"));
        Element bulk = form(page("/console/deliveries", "status", "failed"), "/console/deliveries/replay");

        Document nothing = html(submit(bulk));

        assertThat(nothing.select("label").text()).isEqualTo("Replay finished");
        assertThat(nothing.select(".count").text()).isEqualTo("0 of 0");
        assertThat(nothing.text()).contains("Nothing to replay: no delivery this filter shows has a stored payload.");
        assertThat(nothing.select("[hx-get]")).isEmpty();
        assertThat(count("webhook_delivery")).isEqualTo(1);

        MvcResult unknown = get("/console/deliveries/replays/no-such-job");
        assertThat(unknown.getResponse().getStatus()).isEqualTo(404);
        assertThat(html(unknown).select("main .error").text()).startsWith("No bulk replay no-such-job");
    }

    /** Polls a bulk replay's progress as the page does, until it says it is finished. */
    private Document finish(Document started) {
        Element progress = started.selectFirst(".progress-box");
        assertThat(progress).as(started.outerHtml()).isNotNull();
        String jobId = progress.selectFirst("progress").id().substring("bar-".length());
        AtomicReference<Document> last = new AtomicReference<>(started);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!last.get().select(".progress-box label").text().equals("Replay finished")) {
                String poll = last.get().selectFirst(".progress-box").attr("hx-get");
                assertThat(poll).isEqualTo("/console/deliveries/replays/" + jobId);
                last.set(html(get(poll)));
            }
            return last.get().select(".progress-box label").text().equals("Replay finished");
        });
        Document finished = last.get();
        assertThat(finished.select(".progress-box[hx-get]")).as("a finished replay polls no more").isEmpty();
        return finished;
    }

    private static List<String> outcomes(Document page) {
        return page.select("#delivery-rows tbody tr td:nth-child(2) .outcome").eachText();
    }

    private static List<Long> ids(Document page) {
        return page.select("#delivery-rows tbody tr").eachAttr("data-delivery").stream().map(Long::valueOf).toList();
    }

    /** Ids of the deliveries the condition selects, newest first. */
    private List<Long> idsWhere(String condition) {
        return jdbc.sql("SELECT id FROM webhook_delivery WHERE " + condition + " ORDER BY id DESC").query(Long.class).list();
    }

    private void receivedAt(long id, String instant) {
        jdbc.sql("UPDATE webhook_delivery SET received_at = :at WHERE id = :id")
                .param("at", OffsetDateTime.parse(instant)).param("id", id).update();
    }

    private static String fact(Document page, String term) {
        for (Element dt : page.select("dl.facts dt")) {
            if (dt.text().equals(term)) {
                return dt.nextElementSibling().text();
            }
        }
        throw new AssertionError("no " + term + " on the page");
    }
}
