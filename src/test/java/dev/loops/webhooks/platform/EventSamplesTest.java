package dev.loops.webhooks.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** A family's sample jq over the input the service gives it, with Camel's jq language, as the routes use it. */
class EventSamplesTest {

    private static final Instant TIME = Instant.parse("2026-03-01T10:00:00.004512Z");

    private CamelContext camel;
    private EventSamples samples;

    @BeforeEach
    void start() {
        camel = new DefaultCamelContext();
        camel.start();
        samples = new EventSamples(new JqExpressions(new StaticListableBeanFactory(Map.of("camelContext", camel))
                .getBeanProvider(CamelContext.class)), new ObjectMapper());
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    @Test
    void theSampleReadsTheTypeIdEmailAndBothFormsOfTheTime() {
        JsonNode sample = samples.sample(entry("{kind: .type, id, at: .time, when: .isoTime, who: .email, uuid}"),
                "evt_test_1", "test+0a1b2c3d@example.com", TIME);

        assertThat(sample.path("kind").asText()).isEqualTo("thing.happened");
        assertThat(sample.path("id").asText()).isEqualTo("evt_test_1");
        assertThat(sample.path("at").asLong()).isEqualTo(TIME.getEpochSecond());
        // Supabase's form of a timestamp column
        assertThat(sample.path("when").asText()).isEqualTo("2026-03-01T10:00:00.004512+00:00");
        assertThat(sample.path("who").asText()).isEqualTo("test+0a1b2c3d@example.com");
        assertThat(sample.path("uuid").asText()).matches("[0-9a-f-]{36}");
    }

    @Test
    void aFamilyWithoutASampleOrOneThatMakesNoObjectIsAClearError() {
        assertThatThrownBy(() -> samples.sample(entry(null), "id", "test@example.com", TIME))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The acme route file has no sample for thing.happened (its event-family has no sample parameter)");
        assertThatThrownBy(() -> samples.sample(entry(".email"), "id", "test@example.com", TIME))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The sample of acme thing.happened makes no JSON object");
        assertThatThrownBy(() -> samples.sample(entry("error(\"broken\")"), "id", "test@example.com", TIME))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The sample of acme thing.happened failed");
    }

    private static CatalogEntry entry(String sample) {
        return new CatalogEntry("acme", "thing.happened", "direct:acme-thing", false, null, false, sample);
    }
}
