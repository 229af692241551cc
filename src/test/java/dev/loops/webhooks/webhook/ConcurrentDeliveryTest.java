package dev.loops.webhooks.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.support.ServiceTest;
import dev.loops.webhooks.support.StripeEvents;
import org.junit.jupiter.api.Test;

/** Stripe retries, and bursts of events about one new customer, arriving at the same moment. */
class ConcurrentDeliveryTest extends ServiceTest {

    @Test
    void theSameEventDeliveredAThousandTimesFiftyAtOnceIsAppliedOnce() throws Exception {
        WebhookEndpoint endpoint = stripeEndpoint();
        byte[] body = StripeEvents.fixture("invoice.paid");

        List<HttpResponse<String>> responses = concurrently(50, 1000, i -> () -> postSigned(endpoint, body));

        Map<Integer, Long> statuses = responses.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        assertThat(statuses).as(firstNon200(responses)).containsOnlyKeys(200);
        Map<String, Long> outcomes = responses.stream()
                .collect(Collectors.groupingBy(r -> readJson(r.body()).path("status").asText(), Collectors.counting()));
        assertThat(outcomes).containsEntry("processed", 1L).containsEntry("duplicate", 999L);
        assertThat(count("contact")).isEqualTo(1);
        assertThat(count("trigger_event")).isEqualTo(1);
        assertThat(count("processed_event")).isEqualTo(1);
        assertThat(count("webhook_delivery")).isEqualTo(1000);
    }

    /**
     * All 200 events wait on the one contact row, so some may wait longer for a database connection than the
     * service allows: those are answered 503 with Retry-After (never 500, never a unique-key error) and
     * succeed when retried, as Stripe does.
     */
    @Test
    void differentEventsForTheSameNewEmailAtOnceMakeOneContact() throws Exception {
        WebhookEndpoint endpoint = stripeEndpoint();
        String template = new String(StripeEvents.fixture("invoice.paid"), StandardCharsets.UTF_8);
        Function<Integer, byte[]> event = i -> template.replace("evt_1QxInvoicePaidMissouri01", "evt_concurrent_" + i)
                .getBytes(StandardCharsets.UTF_8);

        List<HttpResponse<String>> responses = concurrently(50, 200, i -> () -> postSigned(endpoint, event.apply(i)));

        List<HttpResponse<String>> all = new ArrayList<>();
        for (int i = 0; i < responses.size(); i++) {
            HttpResponse<String> response = responses.get(i);
            assertThat(response.statusCode()).as(response.body()).isIn(200, 503);
            if (response.statusCode() == 503) {
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                response = postSigned(endpoint, event.apply(i));
            }
            all.add(response);
        }
        assertThat(all).allSatisfy(r -> assertThat(readJson(r.body()).path("status").asText()).as(r.body()).isEqualTo("processed"));
        assertThat(all.stream().filter(r -> r.body().contains("\"action\":\"created\"")).count()).isEqualTo(1);
        assertThat(count("contact")).isEqualTo(1);
        assertThat(count("trigger_event")).isEqualTo(200);
    }

    private static <T> List<T> concurrently(int threads, int calls, Function<Integer, Callable<T>> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                futures.add(pool.submit(call.apply(i)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String firstNon200(List<HttpResponse<String>> responses) {
        return responses.stream().filter(r -> r.statusCode() != 200).map(HttpResponse::body).findFirst().orElse("");
    }
}
