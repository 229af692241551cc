package dev.loops.webhooks.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loops.webhooks.WebhooksApplication;
import dev.loops.webhooks.endpoint.EventSettings;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.webhook.ContactChange;
import dev.loops.webhooks.webhook.Delivery;
import dev.loops.webhooks.webhook.Variables;
import dev.loops.webhooks.webhook.VerifiedEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.language.jq.JqExpression;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Every platform file against the contract of the shared routes, with no database and no HTTP: apply-event is
 * advised to stop where the transaction would start. For every fixture of a platform, its type is in the
 * catalog, the family route gives the person and the trigger event's properties in the shapes the shared routes
 * read, and the payload the webhook log keeps (the platform's {@code stored} expression) gives the same change
 * when it is replayed: what a replay reads is never lost to the redaction.
 */
@CamelSpringBootTest
@UseAdviceWith
@SpringBootTest(classes = WebhooksApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "loops.kafka.bootstrap-servers=")
@ActiveProfiles("test")
// its own application context: closed after the class, so its outbox relay does not run on beside later tests
@DirtiesContext
class PlatformFilesContractTest {

    /** What a family's person expression may name: the shared routes read these, a look-up reads any other id. */
    private static final Set<String> PERSON_FIELDS = Set.of("email", "name", "firstName", "lastName", "identity",
            "previousEmail");

    @Autowired
    private CamelContext camel;

    @Autowired
    private ProducerTemplate producer;

    @Autowired
    private EventCatalog catalog;

    @Autowired
    private ObjectMapper json;

    private MockEndpoint applied;

    @BeforeEach
    void adviseApplyEventToStopBeforeTheTransaction() throws Exception {
        if (camel.getStatus().isStarted()) {
            return;
        }
        AdviceWith.adviceWith(camel, "apply-event", route -> {
            route.weaveByToUri("direct:sync-contact").replace().to("mock:applied");
            route.weaveByToUri("direct:record-delivery").replace().to("mock:applied");
            route.weaveById("enter-database-circuit").remove();
        });
        camel.start();
        applied = camel.getEndpoint("mock:applied", MockEndpoint.class);
    }

    @Test
    void everyPlatformHasAWebhookRouteAndFamiliesOfTypesOfItsOwn() {
        assertThat(catalog.platforms()).extracting(Platform::name).contains("stripe", "clerk", "supabase");
        Set<String> seen = new HashSet<>();
        for (Platform platform : catalog.platforms()) {
            assertThat(camel.getRoute(platform.name() + "-webhook")).as(platform.name()).isNotNull();
            assertThat(catalog.types(platform.name())).as(platform.name()).isNotEmpty();
            assertThat(platform.label()).isNotBlank();
            assertThat(platform.source()).endsWith("webhook");
            for (CatalogEntry entry : catalog.entries(platform.name())) {
                assertThat(seen.add(platform.name() + " " + entry.type())).as("%s in one family only", entry.type()).isTrue();
                assertThat(camel.hasEndpoint(entry.route())).as(entry.route()).isNotNull();
            }
        }
    }

    @Test
    void everyFixtureOfEveryPlatformReadsAsTheSharedRoutesExpectAndSurvivesTheWebhookLog() throws IOException {
        int checked = 0;
        for (Platform platform : catalog.platforms()) {
            String stored = templateParameter(platform.name() + "-webhook", "stored");
            String envelope = templateParameter(platform.name() + "-webhook", "eventType");
            for (Resource fixture : new PathMatchingResourcePatternResolver().getResources("classpath:" + platform.name() + "/*.json")) {
                JsonNode event = json.readTree(fixture.getContentAsByteArray());
                JsonNode type = event.isObject() ? jq(envelope, event) : null;
                if (type == null || catalog.entry(platform.name(), type.asText()).isEmpty()) {
                    continue;
                }
                Read live = apply(platform.name(), type.asText(), event);
                Read replayed = apply(platform.name(), type.asText(), jq(stored, event));
                String where = platform.name() + "/" + fixture.getFilename();

                assertThat(live.person().isObject()).as(where).isTrue();
                live.person().fieldNames().forEachRemaining(field -> assertThat(PERSON_FIELDS.contains(field)
                        || field.endsWith("Id")).as("%s: person field %s", where, field).isTrue());
                assertThat(live.properties().isObject()).as(where).isTrue();
                assertThat(replayed.person()).as("%s: the stored payload gives the same person", where).isEqualTo(live.person());
                assertThat(replayed.properties()).as("%s: and the same properties", where).isEqualTo(live.properties());
                assertThat(replayed.change()).as(where).isEqualTo(live.change());
                checked++;
            }
        }
        assertThat(checked).as("fixtures checked").isGreaterThanOrEqualTo(20);
    }

    private record Read(JsonNode person, JsonNode properties, ContactChange change) {
    }

    private Read apply(String platform, String type, JsonNode body) {
        Map<String, EventSettings> everyType = Map.of(type, EventSettings.triggering("checked"));
        WebhookEndpoint endpoint = new WebhookEndpoint("we_contract_0000000000000", platform, "Contract", "x", null,
                null, "group", everyType, null, true, "api", null, null);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Exchange exchange = new DefaultExchange(camel);
        exchange.setVariable(Variables.DELIVERY, Delivery.webhook(platform, endpoint.id(), now));
        exchange.setVariable(Variables.EVENT, VerifiedEvent.signed(endpoint, platform, body.toString(), null)
                .withEnvelope("evt_contract", type, now));
        exchange.getMessage().setBody(body);
        Exchange done = producer.send("direct:apply-event", exchange);
        assertThat(done.getException()).as("%s %s", platform, type).isNull();
        return new Read(done.getVariable(Variables.PERSON, JsonNode.class),
                done.getVariable(Variables.EVENT_PROPERTIES, JsonNode.class),
                done.getVariable(Variables.CHANGE, ContactChange.class));
    }

    private String templateParameter(String routeId, String name) {
        RouteDefinition route = camel.getCamelContextExtension().getContextPlugin(ModelCamelContext.class)
                .getRouteDefinition(routeId);
        return String.valueOf(route.getTemplateParameters().get(name));
    }

    private JsonNode jq(String expression, JsonNode input) {
        JqExpression jq = new JqExpression(expression);
        jq.init(camel);
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(input);
        return jq.evaluate(exchange, JsonNode.class);
    }
}
