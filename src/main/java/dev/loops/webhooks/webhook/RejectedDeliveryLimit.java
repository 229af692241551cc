package dev.loops.webhooks.webhook;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.loops.webhooks.config.LoopsProperties;
import dev.loops.webhooks.endpoint.EndpointIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Anyone who knows an endpoint's URL can post forgeries to it, and each rejected request would otherwise be a
 * webhook log row kept for 30 days. So an endpoint logs at most {@code loops.webhooks.rejected-log-per-minute}
 * rejected requests one by one per clock minute; the rest of that minute are counted
 * ({@code webhooks_rejections_unlogged_total}) and summarised afterwards in one row, so the log still tells the
 * user why the platform's deliveries fail without being fillable. Verified deliveries are always logged.
 */
@Component("rejectedDeliveryLimit")
public class RejectedDeliveryLimit {

    /** An endpoint's rejected requests in one clock minute. */
    private static final class Minute {
        final Instant start;
        int logged;
        final Map<String, Integer> unloggedByReason = new TreeMap<>();

        Minute(Instant start) {
            this.start = start;
        }
    }

    /** One summary row of the webhook log: the variables {@code direct:record-delivery} reads. */
    public record Summary(String endpointId, String provider, OffsetDateTime receivedAt, int httpStatus, String message) {
    }

    private final int perMinute;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Map<String, Minute> currentMinute = new ConcurrentHashMap<>();
    private final Map<String, String> providers = new ConcurrentHashMap<>();
    private final List<Summary> closed = new ArrayList<>();

    public RejectedDeliveryLimit(LoopsProperties properties, Clock clock, MeterRegistry registry) {
        this.perMinute = properties.getWebhooks().getRejectedLogPerMinute();
        this.clock = clock;
        this.registry = registry;
    }

    /** Whether this delivery gets its own row: always, unless it is a rejection past this minute's share. */
    public boolean logsIndividually(Exchange exchange) {
        DeliveryResult result = exchange.getVariable(Variables.RESULT, DeliveryResult.class);
        if (result.outcome() != Outcome.REJECTED) {
            return true;
        }
        Delivery delivery = exchange.getVariable(Variables.DELIVERY, Delivery.class);
        String endpointId = delivery.endpointId();
        String reason = result.httpStatus() + " " + result.errorCode();
        providers.putIfAbsent(endpointId, delivery.platform());
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        boolean[] logs = new boolean[1];
        currentMinute.compute(endpointId, (id, current) -> {
            Minute window = current;
            if (window == null || window.start.isBefore(minute)) {
                close(id, window);
                window = new Minute(minute);
            }
            if (window.logged < perMinute) {
                window.logged++;
                logs[0] = true;
            } else {
                window.unloggedByReason.merge(reason, 1, Integer::sum);
            }
            return window;
        });
        if (!logs[0]) {
            Counter.builder("webhooks.rejections.unlogged")
                    .description("Rejected requests counted, but not logged one by one in the webhook log")
                    .tag("endpoint", EndpointIds.label(endpointId))
                    .register(registry)
                    .increment();
        }
        return logs[0];
    }

    /** Summaries of the minutes that have ended, each once. */
    public List<Summary> takeSummaries() {
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        for (String endpointId : currentMinute.keySet()) {
            currentMinute.computeIfPresent(endpointId, (id, window) -> {
                if (window.start.isBefore(minute)) {
                    close(id, window);
                    return null;
                }
                return window;
            });
        }
        synchronized (closed) {
            List<Summary> summaries = List.copyOf(closed);
            closed.clear();
            return summaries;
        }
    }

    /** Sets the variables of a summary row for {@code direct:record-delivery}. */
    public void toDelivery(Exchange exchange) {
        Summary summary = exchange.getMessage().getBody(Summary.class);
        exchange.setVariable(Variables.DELIVERY, Delivery.webhook(summary.provider(), summary.endpointId(), summary.receivedAt()));
        exchange.setVariable(Variables.RESULT, new DeliveryResult(Outcome.REJECTED, summary.httpStatus(), null, summary.message()));
    }

    private void close(String endpointId, Minute window) {
        if (window == null || window.unloggedByReason.isEmpty()) {
            return;
        }
        int unlogged = window.unloggedByReason.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder reasons = new StringBuilder();
        window.unloggedByReason.forEach((reason, count) ->
                reasons.append(reasons.isEmpty() ? "" : ", ").append(count).append(" x ").append(reason));
        String mostFrequent = window.unloggedByReason.entrySet().stream().max(Map.Entry.comparingByValue())
                .orElseThrow().getKey();
        int status = Integer.parseInt(mostFrequent.substring(0, mostFrequent.indexOf(' ')));
        OffsetDateTime start = OffsetDateTime.ofInstant(window.start, ZoneOffset.UTC);
        String message = unlogged + " more rejected requests in the minute from " + start.toLocalTime()
                + " UTC were not logged one by one (at most " + perMinute + " a minute are): " + reasons
                + ". Many rejections at once are usually forged requests, or a wrong signing secret.";
        synchronized (closed) {
            closed.add(new Summary(endpointId, providers.get(endpointId), start.plusMinutes(1), status, message));
        }
    }
}
