package dev.loops.webhooks.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.support.ServiceTest;
import dev.loops.webhooks.support.StripeEvents;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * When no database connection can be had, a webhook is answered 503 with Retry-After within the pool's
 * bounded wait, and nothing is written, so Stripe's retry is applied as new.
 */
class DatabaseUnavailableTest extends ServiceTest {

    @Autowired
    DataSource dataSource;

    @Test
    void aWebhookThatCannotReachTheDatabaseIs503WithRetryAfterAndChangesNothing() throws Exception {
        WebhookEndpoint endpoint = stripeEndpoint();
        postSigned(endpoint, StripeEvents.fixture("customer.created.no-email"));
        int poolSize = dataSource.unwrap(HikariDataSource.class).getMaximumPoolSize();
        List<Connection> held = new ArrayList<>();
        HttpResponse<String> response;
        long started = System.nanoTime();
        try {
            for (int i = 0; i < poolSize; i++) {
                held.add(dataSource.getConnection());
            }
            response = postSigned(endpoint, StripeEvents.fixture("invoice.paid"));
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        JsonNode body = readJson(response.body());
        assertThat(body.path("error").asText()).isEqualTo("unavailable");
        assertThat(body.path("message").asText()).contains("nothing was written");
        assertThat(tookMillis).as("bounded by the pool's connection timeout, not 30 s").isLessThan(10_000);
        assertThat(count("contact")).isZero();
        assertThat(count("processed_event")).isZero();
        assertThat(count("trigger_event")).isZero();

        HttpResponse<String> retry = postSigned(endpoint, StripeEvents.fixture("invoice.paid"));
        assertThat(readJson(retry.body()).path("status").asText()).isEqualTo("processed");
    }
}
