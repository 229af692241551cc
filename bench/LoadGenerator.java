import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * The bench's load (bench/run.sh): webhooks of Stripe, Clerk and Supabase in a realistic mix, each signed as its
 * platform signs (scripts/load/WebhookSigning.java), with latency measured as a sender sees it.
 *
 * <pre>
 *   java -cp stripe-java:gson:HdrHistogram:classes LoadGenerator &lt;config.properties&gt;
 *   then, a run per line on standard input: &lt;seconds&gt; &lt;rate&gt; &lt;summary.properties&gt; &lt;label&gt;
 * </pre>
 *
 * A rate above 0 is an open loop: request n is due at start + n / rate, and is sent then whatever the earlier
 * ones take (a platform does not wait for our answers either). Its latency is counted from that due time, so time
 * spent queued before the send, which wrk and other closed-loop tools leave out (coordinated omission), is in the
 * figure; the latency from the actual send is printed beside it. Rate 0 is a closed loop for saturation: 32
 * connections, each sending its next request as soon as it has the answer to the last.
 *
 * <p>The config names, per platform, its endpoint's {@code <platform>.url} and secret ({@code stripe.secret},
 * {@code clerk.secret}, {@code supabase.header} and {@code supabase.secret}), the {@code templates} folder (one
 * sub-folder per platform), the number of distinct people ({@code emails}; a fifth of them get four fifths of the
 * events, as in real traffic) and the {@code mix} (e.g. {@code stripe:70,clerk:20,supabase:10}). Every request is
 * a new event (a unique id); the same person has the same email, Stripe customer id, Clerk user id and Supabase
 * user id in every event, so events update contacts as live traffic does.
 *
 * <p>For each run, prints one line (requests=, 2xx/s=, p50= ... in ms, statuses:), then the latency from the actual
 * send, per platform, and the generator's own CPU per request; writes the figures bench/run.sh reads to the
 * summary file.
 */
public class LoadGenerator {

    /** The event types each platform's load is made of, and how often each comes (weights per platform). */
    private static final Map<String, Map<String, Integer>> TYPES = Map.of(
            "stripe", Map.of("invoice.paid", 40, "customer.updated", 20, "customer.created", 15,
                    "checkout.session.completed", 15, "invoice.payment_failed", 10),
            "clerk", Map.of("user.updated", 60, "user.created", 30, "waitlistEntry.created", 10),
            "supabase", Map.of("auth.users.UPDATE", 70, "auth.users.INSERT", 30));

    private static final int CLOSED_LOOP_CONNECTIONS = 32;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(120);
    /** what the generator prints after each run's figures, for bench/run.sh to know the run is over */
    static final String END_OF_RUN = "-- end of run";

    record Signed(String platform, HttpRequest request) {}

    private final Properties config;
    private final String runId;
    private final int emails;
    private final WebhookSigning signing;
    private final Map<String, URI> urls = new LinkedHashMap<>();
    private final Map<String, String> templates = new ConcurrentHashMap<>();
    private final List<String> platformWheel = new ArrayList<>();
    private final Map<String, List<String>> typeWheels = new TreeMap<>();
    private final SplittableRandom random;
    private final AtomicInteger sequence = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(2)).build();

    /**
     * Reads runs from standard input, one per line: {@code <seconds> <rate> <summary file> <label...>}, and after
     * each prints its figures and {@value #END_OF_RUN}. One process serves every run of a bench, so the JIT
     * compiles the generator once, in the warm-up run, instead of costing CPU in each measured run.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: LoadGenerator <config.properties>, then on standard input: <seconds> <rate, 0 = closed loop> <summary file> <label>");
            System.exit(2);
        }
        Properties config = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[0]))) {
            config.load(in);
        }
        LoadGenerator load = new LoadGenerator(config, "bench@" + System.currentTimeMillis());
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = commands.readLine()) != null; ) {
            String[] run = line.trim().split(" ", 4);
            if (run.length < 4) {
                System.out.println("not a run: " + line);
            } else {
                int seconds = Integer.parseInt(run[0]);
                int rate = Integer.parseInt(run[1]);
                Figures figures = rate > 0 ? load.openLoop(rate, seconds) : load.closedLoop(seconds);
                figures.report(run[3], Path.of(run[2]));
            }
            System.out.println(END_OF_RUN);
            System.out.flush();
        }
        System.exit(0);
    }

    LoadGenerator(Properties config, String runId) {
        this.config = config;
        this.runId = Integer.toHexString(runId.hashCode()) + Long.toString(System.nanoTime() % 100_000, 36);
        this.random = new SplittableRandom(runId.hashCode());
        this.emails = Integer.parseInt(config.getProperty("emails", "5000"));
        this.signing = new WebhookSigning(config.getProperty("stripe.secret"), config.getProperty("clerk.secret"),
                config.getProperty("supabase.header", "X-Webhook-Secret"), config.getProperty("supabase.secret"));
        for (String share : config.getProperty("mix", "stripe:100").split(",")) {
            String[] parts = share.trim().split(":");
            String platform = parts[0];
            urls.put(platform, URI.create(required("%s.url".formatted(platform))));
            for (int i = 0; i < Integer.parseInt(parts[1]); i++) {
                platformWheel.add(platform);
            }
            List<String> wheel = new ArrayList<>();
            new TreeMap<>(TYPES.get(platform)).forEach((type, weight) -> {
                template(platform, type);
                for (int i = 0; i < weight; i++) {
                    wheel.add(type);
                }
            });
            typeWheels.put(platform, wheel);
        }
    }

    private String required(String key) {
        String value = config.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the load's config has no " + key);
        }
        return value;
    }

    // ------------------------------------------------------------------------------------------ the two loops

    /** Sends rate x seconds requests on a fixed schedule. */
    Figures openLoop(int rate, int seconds) throws Exception {
        int count = rate * seconds;
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        List<CompletableFuture<Void>> answers = new ArrayList<>(count);
        Figures figures = new Figures(urls.keySet());
        for (int i = 0; i < count; i++) {
            long due = figures.start + i * period;
            // made and signed just before it is due (tens of microseconds): holding a whole run's requests in
            // memory instead would make this JVM's own garbage collection pause the schedule
            Signed signed = next();
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            long sent = System.nanoTime();
            answers.add(http.sendAsync(signed.request(), HttpResponse.BodyHandlers.discarding())
                    .handle((response, failure) -> {
                        figures.record(signed.platform(), due, sent, response, failure);
                        return null;
                    }));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .get(TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
        return figures;
    }

    /** 32 connections, each sending its next request when it has its answer, for the given seconds. */
    Figures closedLoop(int seconds) throws Exception {
        Figures figures = new Figures(urls.keySet());
        long end = figures.start + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> senders = new ArrayList<>();
        for (int c = 0; c < CLOSED_LOOP_CONNECTIONS; c++) {
            Thread sender = new Thread(() -> {
                while (System.nanoTime() < end) {
                    Signed signed = next();
                    long sent = System.nanoTime();
                    try {
                        figures.record(signed.platform(), sent, sent,
                                http.send(signed.request(), HttpResponse.BodyHandlers.discarding()), null);
                    } catch (IOException e) {
                        figures.record(signed.platform(), sent, sent, null, e);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join();
        }
        return figures;
    }

    // ------------------------------------------------------------------------------------------ the events

    private String template(String platform, String type) {
        return templates.computeIfAbsent(platform + "/" + type, name -> {
            try {
                return Files.readString(Path.of(required("templates"), name + ".json"));
            } catch (IOException e) {
                throw new IllegalStateException("no bench template " + name + ".json", e);
            }
        });
    }

    /** The next event: a new id, for a person drawn from the pool, signed now. */
    private Signed next() {
        String platform;
        String type;
        int person;
        int n;
        synchronized (random) {
            platform = platformWheel.get(random.nextInt(platformWheel.size()));
            List<String> wheel = typeWheels.get(platform);
            type = wheel.get(random.nextInt(wheel.size()));
            person = random.nextInt(5) < 4 ? random.nextInt(Math.max(1, emails / 5)) : random.nextInt(emails);
            n = sequence.incrementAndGet();
        }
        long now = System.currentTimeMillis();
        String eventId = "%s_bench_%s_%d".formatted(platform.equals("clerk") ? "msg" : "evt", runId, n);
        String body = template(platform, type)
                .replace("__EVENT_ID__", eventId)
                .replace("\"created\": 0,", "\"created\": " + now / 1000 + ",")
                .replace("\"timestamp\": 0,", "\"timestamp\": " + now + ",")
                // microseconds from the sequence: two events of a person within a millisecond still differ (a
                // Supabase event's id is the hash of its body)
                .replace("__UPDATED_AT__", Instant.ofEpochMilli(now).plusNanos(n % 1000 * 1000L).toString()
                        .replace("Z", "+00:00"))
                .replace("__EMAIL__", "customer" + person + "@bench.example.com")
                .replace("__CUSTOMER__", "cus_bench" + person)
                .replace("__USER__", platform.equals("supabase")
                        ? UUID.nameUUIDFromBytes(("bench/" + person).getBytes(StandardCharsets.UTF_8)).toString()
                        : "user_bench" + person)
                .replace("__NAME__", "Customer " + person)
                .replace("__FIRST__", "Customer")
                .replace("__LAST__", Integer.toString(person));
        HttpRequest.Builder request = HttpRequest.newBuilder(urls.get(platform)).timeout(TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return new Signed(platform, signing.sign(request, platform, eventId, body, now / 1000).build());
    }

    // ------------------------------------------------------------------------------------------ the figures

    /** One run's latencies (microseconds) and answers. */
    static final class Figures {
        final long start = System.nanoTime();
        /** this process's CPU time when the run began */
        private final long cpuAtStart = processCpuNanos();
        private final Histogram fromDue = new SynchronizedHistogram(HIGHEST_MICROS, 3);
        private final Histogram fromSend = new SynchronizedHistogram(HIGHEST_MICROS, 3);
        private final Map<String, Histogram> byPlatform = new TreeMap<>();
        private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
        private final LongAdder ok = new LongAdder();
        private final AtomicLong lastAnswer = new AtomicLong();

        Figures(Iterable<String> platforms) {
            platforms.forEach(platform -> byPlatform.put(platform, new SynchronizedHistogram(HIGHEST_MICROS, 3)));
        }

        void record(String platform, long due, long sent, HttpResponse<?> response, Throwable failure) {
            long answered = System.nanoTime();
            lastAnswer.accumulateAndGet(answered, Math::max);
            long micros = Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(answered - due));
            fromDue.recordValue(micros);
            byPlatform.get(platform).recordValue(micros);
            fromSend.recordValue(Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(answered - sent)));
            String status;
            if (response != null) {
                status = Integer.toString(response.statusCode());
                if (response.statusCode() / 100 == 2) {
                    ok.increment();
                }
            } else {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                status = cause.getClass().getSimpleName();
            }
            statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
        }

        private static String ms(Histogram histogram, double percentile) {
            return String.format(Locale.ROOT, "%.1f", histogram.getValueAtPercentile(percentile) / 1000.0);
        }

        private static String percentiles(Histogram h) {
            return "p50=%s p95=%s p99=%s max=%s".formatted(ms(h, 50), ms(h, 95), ms(h, 99),
                    String.format(Locale.ROOT, "%.1f", h.getMaxValue() / 1000.0));
        }

        private static long processCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        /** Prints the figures (the first line in the form bench/run.sh reads) and writes them to the summary file. */
        void report(String label, Path summaryFile) throws IOException {
            long requests = fromDue.getTotalCount();
            double sendingCpuMicros = (processCpuNanos() - cpuAtStart) / 1e3;
            double okPerSecond = ok.sum() / ((lastAnswer.get() - start) / 1e9);
            StringBuilder statusText = new StringBuilder();
            new TreeMap<>(statuses).forEach((status, count) -> statusText.append(' ').append(status).append('=').append(count.sum()));
            System.out.printf(Locale.ROOT, "%s requests=%d 2xx/s=%.1f %s ms statuses:%s%n", label, requests, okPerSecond,
                    percentiles(fromDue), statusText);
            System.out.printf(Locale.ROOT, "  from the actual send (what wrk would report): %s ms%n", percentiles(fromSend));
            byPlatform.forEach((platform, h) -> System.out.printf(Locale.ROOT, "  %-9s %6d requests  %s ms%n", platform,
                    h.getTotalCount(), percentiles(h)));
            System.out.printf(Locale.ROOT, "  load generator CPU: %.0f us per request, signing included%n",
                    sendingCpuMicros / Math.max(1, requests));
            Properties summary = new Properties();
            summary.setProperty("requests", Long.toString(requests));
            summary.setProperty("ok", Long.toString(ok.sum()));
            summary.setProperty("non2xx", Long.toString(requests - ok.sum()));
            summary.setProperty("okPerSecond", String.format(Locale.ROOT, "%.1f", okPerSecond));
            summary.setProperty("p99", ms(fromDue, 99));
            summary.setProperty("p99FromSend", ms(fromSend, 99));
            byPlatform.forEach((platform, h) -> summary.setProperty(platform + ".p99", ms(h, 99)));
            try (var out = Files.newBufferedWriter(summaryFile)) {
                summary.store(out, label);
            }
        }
    }
}
