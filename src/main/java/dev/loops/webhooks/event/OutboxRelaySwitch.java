package dev.loops.webhooks.event;

import dev.loops.webhooks.config.LoopsProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts the {@code outbox-relay} route when Kafka is configured: setting the bootstrap servers is all it
 * takes to switch publishing on. Without them, trigger events are recorded and listed, not published.
 */
@Component
public class OutboxRelaySwitch implements CamelContextConfiguration {

    static final String RELAY_ROUTE = "outbox-relay";
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelaySwitch.class);

    private final LoopsProperties properties;

    public OutboxRelaySwitch(LoopsProperties properties) {
        this.properties = properties;
    }

    public boolean isPublishing() {
        return !properties.getKafka().getBootstrapServers().isBlank();
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        if (!isPublishing()) {
            LOG.info("Kafka publishing is off (no loops.kafka.bootstrap-servers); trigger events stay in the outbox");
            return;
        }
        try {
            camelContext.getRouteController().startRoute(RELAY_ROUTE);
            LOG.info("Publishing trigger events to Kafka topic {}", properties.getKafka().getTopic());
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the " + RELAY_ROUTE + " route", e);
        }
    }
}
