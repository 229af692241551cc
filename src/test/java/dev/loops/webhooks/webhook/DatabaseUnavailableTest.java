package dev.loops.webhooks.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

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
        long started = System.nanoTime();
        HttpResponse<String> response = withEveryConnectionTaken(() -> postSigned(endpoint, StripeEvents.fixture("invoice.paid")));
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

    @Test
    void aWebhookWhoseEndpointIsNotCachedYetIs503WithRetryAfterWhenTheLookUpCannotReachTheDatabase() throws Exception {
        WebhookEndpoint endpoint = stripeEndpoint();
        HttpResponse<String> response = withEveryConnectionTaken(() -> postSigned(endpoint, StripeEvents.fixture("invoice.paid")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(readJson(response.body()).path("message").asText()).contains("cannot reach its database");
        assertThat(readJson(postSigned(endpoint, StripeEvents.fixture("invoice.paid")).body()).path("status").asText())
                .isEqualTo("processed");
    }

    @Test
    void readinessIsDownWhileNoConnectionCanBeHad() throws Exception {
        assertThat(request("GET", "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        HttpResponse<String> readiness = withEveryConnectionTaken(() -> request("GET", "/actuator/health/readiness", null));
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(readJson(readiness.body()).path("status").asText()).isEqualTo("DOWN");
        assertThat(request("GET", "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
    }

    /** A locked row (a long migration, a stuck session) makes the statement give up: 503, not a hung request. */
    @Test
    void aLockedRowTurnsIntoA503WithinTheTransactionTimeout() throws Exception {
        WebhookEndpoint endpoint = stripeEndpoint();
        HttpResponse<String> response;
        long started;
        try (Connection locker = dataSource.getConnection()) {
            locker.setAutoCommit(false);
            try (var statement = locker.prepareStatement(
                    "INSERT INTO processed_event (endpoint_id, event_id, processed_at) VALUES (?, ?, CURRENT_TIMESTAMP)")) {
                statement.setString(1, endpoint.id());
                statement.setString(2, "evt_1QxInvoicePaidMissouri01");
                statement.executeUpdate();
            }
            started = System.nanoTime();
            response = postSigned(endpoint, StripeEvents.fixture("invoice.paid"));
            locker.rollback();
        }
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(tookMillis).isLessThan(10_000);
        assertThat(count("contact")).isZero();
        assertThat(readJson(postSigned(endpoint, StripeEvents.fixture("invoice.paid")).body()).path("status").asText())
                .isEqualTo("processed");
    }

    /** Does the call while this test holds every connection of the pool, as an outage or a leak would. */
    private <T> T withEveryConnectionTaken(Supplier<T> call) throws SQLException {
        int poolSize = dataSource.unwrap(HikariDataSource.class).getMaximumPoolSize();
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < poolSize; i++) {
                held.add(dataSource.getConnection());
            }
            return call.get();
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
    }
}
