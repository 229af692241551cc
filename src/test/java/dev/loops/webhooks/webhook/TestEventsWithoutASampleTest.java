package dev.loops.webhooks.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loops.webhooks.endpoint.EndpointDraft;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.platform.EventCatalog;
import dev.loops.webhooks.support.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.server.ResponseStatusException;

/** A platform file whose families name no sample loads as before; its test events are refused, nothing is sent. */
@TestPropertySource(properties = "camel.main.routes-include-pattern="
        + "classpath:routes/*.yaml,classpath:routes/platforms/*.yaml,classpath:test-platforms-unsampled/*.yaml")
// its own application context: closed after the class, so its outbox relay does not run on beside later tests
@DirtiesContext
class TestEventsWithoutASampleTest extends ServiceTest {

    @Autowired
    private EventCatalog catalog;

    @Autowired
    private TestEvents testEvents;

    @Test
    void aFamilyWithoutASampleLoadsAndItsTestEventsAreRefused() {
        assertThat(catalog.entry("beta", "thing.happened")).hasValueSatisfying(entry -> assertThat(entry.sample()).isNull());
        assertThat(catalog.platform("beta")).hasValueSatisfying(platform ->
                assertThat(platform.sampleIdPrefix()).isEqualTo("test_"));
        WebhookEndpoint endpoint = endpoints.create(new EndpointDraft("beta", "Beta", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                null, true, endpoints.suggestedEvents("beta"), null));

        assertThatThrownBy(() -> testEvents.send(endpoint.id(), "thing.happened"))
                .isInstanceOf(TestEventRefusedException.class)
                .extracting(e -> ((ResponseStatusException) e).getReason()).asString()
                .isEqualTo("The Beta route file has no sample event for thing.happened");
        assertThat(count("webhook_delivery")).isZero();
    }
}
