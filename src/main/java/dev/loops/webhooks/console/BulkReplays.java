package dev.loops.webhooks.console;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.loops.webhooks.delivery.DeliveryLog;
import dev.loops.webhooks.delivery.DeliveryLog.ReplayResult;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Bulk replays started from the console run in the background, one at a time, so the page can show their
 * progress while they run; a finished one stays readable for an hour.
 */
@Component
public class BulkReplays {

    private static final Logger LOG = LoggerFactory.getLogger(BulkReplays.class);

    /** A replay's progress: how many of the total are done, the outcomes so far, each delivery's result. */
    public static final class Job {
        private final String id;
        private final int total;
        private final boolean force;
        private final AtomicInteger done = new AtomicInteger();
        private final Map<String, Integer> outcomes = new TreeMap<>();
        private final List<Result> results = new CopyOnWriteArrayList<>();
        private volatile String failure;

        Job(String id, int total, boolean force) {
            this.id = id;
            this.total = total;
            this.force = force;
        }

        public String getId() { return id; }
        public int getTotal() { return total; }
        public boolean isForce() { return force; }
        public int getDone() { return done.get(); }
        public boolean isFinished() { return failure != null || done.get() >= total; }
        public String getFailure() { return failure; }
        public int getPercent() { return total == 0 ? 100 : done.get() * 100 / total; }
        public List<Result> getResults() { return results; }

        public synchronized Map<String, Integer> getOutcomes() {
            return new TreeMap<>(outcomes);
        }

        synchronized void add(ReplayResult result) {
            outcomes.merge(result.outcome(), 1, Integer::sum);
            results.add(new Result(result.body().path("replayOf").asLong(), result.outcome(), result.status(),
                    result.body().path("message").asText(null)));
            done.incrementAndGet();
        }
    }

    public record Result(long deliveryId, String outcome, int status, String message) {
    }

    private final DeliveryLog deliveries;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "console-bulk-replay");
        thread.setDaemon(true);
        return thread;
    });
    private final Cache<String, Job> jobs = Caffeine.newBuilder().expireAfterWrite(Duration.ofHours(1)).maximumSize(100).build();

    public BulkReplays(DeliveryLog deliveries) {
        this.deliveries = deliveries;
    }

    /** Starts replaying what the filter matches (at most {@code max}, oldest first). */
    public Job start(DeliveryLog.Filter filter, boolean force, int max) {
        List<Long> ids = deliveries.replayable(filter, max);
        Job job = new Job(UUID.randomUUID().toString(), ids.size(), force);
        jobs.put(job.getId(), job);
        runner.execute(() -> {
            try {
                deliveries.replayAll(ids, force, job::add);
            } catch (RuntimeException e) {
                LOG.warn("Bulk replay {} stopped after {} of {}: {}", job.getId(), job.getDone(), job.getTotal(), e.toString());
                job.failure = "Stopped after " + job.getDone() + " of " + job.getTotal() + ": " + e.getMessage();
            }
        });
        return job;
    }

    public Optional<Job> find(String id) {
        return Optional.ofNullable(jobs.getIfPresent(id));
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
    }
}
