package dev.loops.webhooks.webhook;

import java.time.Duration;

import dev.loops.webhooks.endpoint.EndpointIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * What operators graph (Prometheus names): {@code webhooks_received_total}, {@code webhooks_processing_seconds},
 * {@code contacts_changed_total} and {@code trigger_events_recorded_total}. Tags stay few and bounded: an
 * event type is only known once the signature proved the request came from the platform.
 */
@Component
public class WebhookMetrics {

    private final MeterRegistry registry;

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void delivery(String provider, String endpointId, String eventType, String outcome, Duration latency) {
        Counter.builder("webhooks.received")
                .description("Webhook requests, by what happened to them")
                .tag("provider", orNone(provider))
                .tag("endpoint", orNone(EndpointIds.label(endpointId)))
                .tag("event_type", orNone(eventType))
                .tag("outcome", orNone(outcome))
                .register(registry)
                .increment();
        Timer.builder("webhooks.processing")
                .description("Time from receiving a webhook to answering it")
                .tag("provider", orNone(provider))
                .tag("outcome", orNone(outcome))
                .publishPercentileHistogram()
                .register(registry)
                .record(latency);
    }

    public void contactChanged(String action) {
        Counter.builder("contacts.changed").description("Contacts created, updated, unsubscribed or deleted by webhooks")
                .tag("action", orNone(action)).register(registry).increment();
    }

    public void triggerEventRecorded(String eventName) {
        Counter.builder("trigger.events.recorded").description("Trigger events recorded in the outbox")
                .tag("event_name", orNone(eventName)).register(registry).increment();
    }

    private static String orNone(String value) {
        return value == null ? "none" : value;
    }
}
