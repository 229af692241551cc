import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import com.stripe.net.Webhook;

/**
 * Signed Stripe webhook load for bench/run.sh. Each request is a new event (unique id) made from the templates in
 * bench/templates (3-5 KB bodies: invoice.paid 40%, customer.updated 20%, invoice.payment_failed 10%,
 * customer.created 15%, checkout.session.completed 15%), for an email drawn from a pool where a fifth of the
 * addresses get most of the events, signed with stripe-java's own signature generator.
 *
 * <pre>
 *   rate       --rate N --seconds S    open loop: requests leave on schedule whatever the answers take, and a
 *                                      latency is measured from when the request was due, so a slow server
 *                                      cannot hide its queueing (no coordinated omission)
 *   saturate   --concurrency C --seconds S   closed loop: C senders, each sends as soon as it has its answer
 *   common     --url URL --secret whsec_... --templates DIR [--emails N] [--label TEXT]
 * </pre>
 * Prints one line: label, sent, answered per second, latency p50/p95/p99/max in ms, and counts by status.
 */
public class LoadGenerator {

    private static final String[] TYPES = {"invoice.paid", "invoice.paid", "invoice.paid", "invoice.paid",
            "customer.updated", "customer.updated", "invoice.payment_failed", "customer.created",
            "checkout.session.completed", "customer.created", "checkout.session.completed",
            "invoice.paid", "customer.updated", "customer.created", "checkout.session.completed",
            "invoice.paid", "invoice.paid", "invoice.payment_failed", "invoice.paid", "customer.updated"};

    private final Map<String, String> templates = new TreeMap<>();
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final String runId = Long.toString(System.nanoTime(), 36);
    private long[] latenciesMicros = new long[1 << 16];
    private int latencyCount;

    private URI url;
    private String secret;
    private int emails;

    public static void main(String[] args) throws Exception {
        new LoadGenerator().run(args);
    }

    private void run(String[] args) throws Exception {
        String mode = args[0];
        Map<String, String> options = new TreeMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        url = URI.create(options.get("url"));
        secret = options.get("secret");
        emails = Integer.parseInt(options.getOrDefault("emails", "5000"));
        String label = options.getOrDefault("label", mode);
        try (var files = Files.list(Path.of(options.get("templates")))) {
            for (Path file : files.toList()) {
                templates.put(file.getFileName().toString().replace(".json", ""), Files.readString(file));
            }
        }
        int seconds = Integer.parseInt(options.get("seconds"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(2)).build();
        long started = System.nanoTime();
        long sent = mode.equals("rate")
                ? openLoop(http, Integer.parseInt(options.get("rate")), seconds)
                : closedLoop(http, Integer.parseInt(options.get("concurrency")), seconds);
        double elapsed = (System.nanoTime() - started) / 1e9;
        report(label, sent, elapsed);
        System.exit(0);
    }

    private long openLoop(HttpClient http, int rate, int seconds) throws Exception {
        long total = (long) rate * seconds;
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime() + 50_000_000L;
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        SplittableRandom random = new SplittableRandom();
        for (long i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            HttpRequest request = nextRequest(random);
            inFlight.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .handle((response, failure) -> {
                        record(response == null ? 0 : response.statusCode(), System.nanoTime() - due);
                        return null;
                    }));
            if (inFlight.size() > 5000) {
                inFlight.removeIf(CompletableFuture::isDone);
            }
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        return total;
    }

    private long closedLoop(HttpClient http, int concurrency, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService senders = Executors.newFixedThreadPool(concurrency);
        LongAdder sent = new LongAdder();
        for (int c = 0; c < concurrency; c++) {
            senders.submit(() -> {
                SplittableRandom random = new SplittableRandom();
                while (System.nanoTime() < end) {
                    long begin = System.nanoTime();
                    int status;
                    try {
                        status = http.send(nextRequest(random), HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (Exception e) {
                        status = 0;
                    }
                    record(status, System.nanoTime() - begin);
                    sent.increment();
                }
                return null;
            });
        }
        senders.shutdown();
        senders.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
        return sent.sum();
    }

    private HttpRequest nextRequest(SplittableRandom random) {
        String type = TYPES[random.nextInt(TYPES.length)];
        // a fifth of the addresses get four fifths of the events: repeat customers, as in real traffic
        int contact = random.nextInt(5) < 4 ? random.nextInt(Math.max(1, emails / 5)) : random.nextInt(emails);
        long n = sequence.incrementAndGet();
        String body = templates.get(type)
                .replace("__EVENT_ID__", "evt_bench_" + runId + "_" + n)
                .replace("\"created\": 0,", "\"created\": " + (System.currentTimeMillis() / 1000) + ",")
                .replace("__EMAIL__", "customer" + contact + "@bench.example.com")
                .replace("__CUSTOMER__", "cus_bench" + contact)
                .replace("__NAME__", "Customer " + contact);
        String signature;
        try {
            signature = Webhook.Signature.generateSignatureHeader(body, secret);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Stripe-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    private synchronized void record(int status, long nanos) {
        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
        if (latencyCount == latenciesMicros.length) {
            latenciesMicros = Arrays.copyOf(latenciesMicros, latencyCount * 2);
        }
        latenciesMicros[latencyCount++] = nanos / 1000;
    }

    private synchronized void report(String label, long sent, double elapsed) {
        long[] sorted = Arrays.copyOf(latenciesMicros, latencyCount);
        Arrays.sort(sorted);
        long ok = statuses.entrySet().stream().filter(e -> e.getKey() >= 200 && e.getKey() < 300)
                .mapToLong(e -> e.getValue().sum()).sum();
        StringBuilder byStatus = new StringBuilder();
        new TreeMap<>(statuses).forEach((status, count) ->
                byStatus.append(byStatus.length() == 0 ? "" : " ").append(status == 0 ? "no-answer" : status)
                        .append('=').append(count.sum()));
        System.out.printf("%-16s sent=%-7d 2xx/s=%-7.1f p50=%-7.1f p95=%-7.1f p99=%-7.1f max=%-8.1f statuses: %s%n",
                label, sent, ok / elapsed, percentile(sorted, 0.50), percentile(sorted, 0.95),
                percentile(sorted, 0.99), sorted.length == 0 ? 0.0 : sorted[sorted.length - 1] / 1000.0, byStatus);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1000.0;
    }
}
