import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Webhook load for the fault tests (scripts/fault-tests.sh), sent the way each platform sends (signed by
 * scripts/load/WebhookSigning.java): Stripe events, Clerk events as Svix signs them, and Supabase Database
 * Webhooks with the endpoint's X-Webhook-Secret header.
 *
 * <pre>
 * common:  --fault NAME --urls URL[,URL...] --secret whsec_... --fixtures DIR --marker TEXT --out FILE
 *          [--timeout-s 25] [--ready-file F (written when the first request is about to go out)]
 *          --urls are the Stripe endpoint's URLs, one per service instance.
 * rate     open loop: --rate N/s --duration S    one new event per request, each with its own email;
 *          requests are sent on schedule whatever the answers take. Needs the other platforms' endpoints:
 *          --clerk-endpoint ID --clerk-secret whsec_... --supabase-endpoint ID --supabase-secret S, whose URLs
 *          are /webhooks/clerk/ID and /webhooks/supabase/ID on the instances of --urls. Of every 10 requests:
 *          Stripe 5 invoice.paid and 2 customer.created (trigger events), 1 customer.updated (none), with ids
 *          evt_NAME_000001 ...; Clerk 1 user.created (trigger event), its id the svix-id msg_NAME_000009 ...;
 *          Supabase 1 auth.users.INSERT (trigger event), its id "sha256:" + the body's SHA-256 in hex, as the
 *          service makes it for a platform that sends no id.
 * burst    closed loop: --count N --concurrency C, all workers released at once, and either
 *          --same-event ID   the same event (same body) N times, or
 *          --same-email E    N distinct invoice.paid events for one email;
 *          [--retry-503 K --retry-delay-ms MS] re-sends an event answered 503 up to K times, like Stripe would.
 * send     sequential: --event type|id|email|name|created|customerId (repeatable), in that order.
 * </pre>
 *
 * One TSV line per HTTP attempt is written to --out (\N = null):
 * fault, seq, event_id, type, email, trig, url_idx, attempt, send_ms (epoch), lat_ms, status (0 = no answer),
 * outcome (the reply's "status" or "error"), retry_after, error (client-side exception), platform.
 */
public class LoadClient {

    static final Pattern OUTCOME = Pattern.compile("\"(?:status|error)\"\\s*:\\s*\"([a-z_]+)\"");

    record Event(String platform, String id, String type, String email, boolean trig, String body) {}

    record Attempt(Event ev, int seq, int urlIdx, int attempt, long sendMs, double latMs, int status,
                   String outcome, String retryAfter, String error) {}

    final Map<String, String> opts = new HashMap<>();
    final List<String> events = new ArrayList<>();
    String fault, secret, marker;
    List<URI> urls = new ArrayList<>();
    /** per platform, the endpoint's URL on each instance of --urls (same order) */
    final Map<String, List<URI>> platformUrls = new HashMap<>();
    WebhookSigning signing;
    Path fixtures;
    HttpClient http;
    Duration timeout;
    final ConcurrentLinkedQueue<Attempt> results = new ConcurrentLinkedQueue<>();

    public static void main(String[] args) throws Exception {
        new LoadClient().run(args);
    }

    void run(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: LoadClient rate|burst|send --option value ...");
        }
        String mode = args[0];
        for (int i = 1; i < args.length; i += 2) {
            String k = args[i].replaceFirst("^--", "");
            if (i + 1 >= args.length) throw new IllegalArgumentException("missing value for " + args[i]);
            if (k.equals("event")) events.add(args[i + 1]); else opts.put(k, args[i + 1]);
        }
        fault = req("fault");
        secret = req("secret");
        marker = opts.getOrDefault("marker", "faults-marker");
        fixtures = Path.of(req("fixtures"));
        for (String u : req("urls").split(",")) urls.add(URI.create(u));
        platformUrls.put("stripe", urls);
        signing = new WebhookSigning(secret, opts.get("clerk-secret"), "X-Webhook-Secret", opts.get("supabase-secret"));
        timeout = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("timeout-s", "25")));
        for (String type : List.of("invoice.paid", "customer.created", "customer.updated")) template(type);
        ExecutorService httpPool = Executors.newFixedThreadPool(8);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3)).executor(httpPool).build();
        long t0 = System.currentTimeMillis();
        // tells the caller that the JVM is up and the first request goes out now (fault timing starts here)
        if (opts.containsKey("ready-file")) Files.writeString(Path.of(opts.get("ready-file")), Long.toString(t0));
        switch (mode) {
            case "rate" -> rate();
            case "burst" -> burst();
            case "send" -> send();
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        write(Path.of(req("out")));
        summary(System.currentTimeMillis() - t0);
        httpPool.shutdownNow();
        System.exit(0);
    }

    String req(String k) {
        String v = opts.get(k);
        if (v == null) throw new IllegalArgumentException("--" + k + " is required");
        return v;
    }

    // ---------------------------------------------------------------------------------- modes

    void rate() throws Exception {
        platformUrls.put("clerk", urls.stream().map(u -> u.resolve("/webhooks/clerk/" + req("clerk-endpoint"))).toList());
        platformUrls.put("supabase", urls.stream().map(u -> u.resolve("/webhooks/supabase/" + req("supabase-endpoint"))).toList());
        req("clerk-secret");
        req("supabase-secret");
        double rate = Double.parseDouble(req("rate"));
        double duration = Double.parseDouble(req("duration"));
        int n = (int) Math.round(rate * duration);
        long periodNs = (long) (1_000_000_000L / rate);
        long start = System.nanoTime();
        List<CompletableFuture<Void>> pending = new ArrayList<>(n);
        long nowSec = System.currentTimeMillis() / 1000;
        for (int i = 1; i <= n; i++) {
            long due = start + (i - 1) * periodNs;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
            String id = String.format("evt_%s_%06d", fault, i);
            String email = String.format("%s-%06d@faults.example", fault, i);
            String cus = String.format("cus_%s_%06d", fault, i);
            int kind = (i - 1) % 10;
            Event ev = kind < 5 ? event("invoice.paid", id, email, "Load Customer" + i, nowSec, cus)
                    : kind < 7 ? event("customer.created", id, email, "Load Customer" + i, nowSec, cus)
                    : kind < 8 ? event("customer.updated", id, email, "Load Customer" + i, nowSec, cus)
                    : kind < 9 ? clerkUserCreated(String.format("msg_%s_%06d", fault, i), i, email, nowSec)
                    : supabaseUserInsert(i, email, nowSec);
            int urlIdx = (i - 1) % urls.size();
            pending.add(sendAsync(ev, i, urlIdx, 1));
        }
        CompletableFuture.allOf(pending.toArray(new CompletableFuture[0])).get(timeout.toSeconds() + 30, TimeUnit.SECONDS);
    }

    void burst() throws Exception {
        int count = Integer.parseInt(req("count"));
        int conc = Integer.parseInt(req("concurrency"));
        int retries = Integer.parseInt(opts.getOrDefault("retry-503", "0"));
        long retryDelay = Long.parseLong(opts.getOrDefault("retry-delay-ms", "1000"));
        String sameEvent = opts.get("same-event");
        String sameEmail = opts.get("same-email");
        long nowSec = System.currentTimeMillis() / 1000;
        Event fixed = sameEvent == null ? null
                : event("invoice.paid", sameEvent, fault + "-same-event@faults.example", "Same Event", nowSec,
                        "cus_" + fault + "_same");
        if (fixed == null && sameEmail == null) throw new IllegalArgumentException("--same-event or --same-email");
        AtomicInteger next = new AtomicInteger(1);
        CountDownLatch go = new CountDownLatch(1);
        Thread[] workers = new Thread[conc];
        for (int w = 0; w < conc; w++) {
            workers[w] = new Thread(() -> {
                try {
                    go.await();
                    int i;
                    while ((i = next.getAndIncrement()) <= count) {
                        Event ev = fixed != null ? fixed
                                : event("invoice.paid", String.format("evt_%s_%06d", fault, i), sameEmail,
                                        "Same Email", nowSec, "cus_" + fault + "_same");
                        for (int a = 1; ; a++) {
                            Attempt at = sendSync(ev, i, (i - 1) % urls.size(), a);
                            if (at.status != 503 || a > retries) break;
                            Thread.sleep(retryDelay);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            workers[w].start();
        }
        go.countDown();
        for (Thread t : workers) t.join();
    }

    void send() throws Exception {
        int seq = 0;
        for (String spec : events) {
            String[] p = spec.split("\\|", -1);
            if (p.length != 6) throw new IllegalArgumentException("--event type|id|email|name|created|customerId: " + spec);
            Event ev = event(p[0], p[1], p[2], p[3], Long.parseLong(p[4]), p[5]);
            sendSync(ev, ++seq, 0, 1);
        }
    }

    // ---------------------------------------------------------------------------------- HTTP

    /** Signed (or headered) when it goes out, as the platform does for each attempt. */
    HttpRequest request(Event ev, int urlIdx) {
        long t = System.currentTimeMillis() / 1000;
        HttpRequest.Builder b = HttpRequest.newBuilder(platformUrls.get(ev.platform).get(urlIdx))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ev.body, StandardCharsets.UTF_8));
        // the svix-id stays the same on every attempt of a message; the timestamp is the attempt's
        return signing.sign(b, ev.platform, ev.id, ev.body, t).build();
    }

    CompletableFuture<Void> sendAsync(Event ev, int seq, int urlIdx, int attempt) {
        long sendMs = System.currentTimeMillis();
        long t = System.nanoTime();
        CompletableFuture<HttpResponse<String>> f;
        try {
            f = http.sendAsync(request(ev, urlIdx), HttpResponse.BodyHandlers.ofString());
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return f.handle((resp, err) -> {
            results.add(attempt(ev, seq, urlIdx, attempt, sendMs, t, resp, err));
            return null;
        });
    }

    Attempt sendSync(Event ev, int seq, int urlIdx, int attempt) {
        long sendMs = System.currentTimeMillis();
        long t = System.nanoTime();
        HttpResponse<String> resp = null;
        Throwable err = null;
        try {
            resp = http.send(request(ev, urlIdx), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err = e;
        } catch (IOException | RuntimeException e) {
            err = e;
        }
        Attempt a = attempt(ev, seq, urlIdx, attempt, sendMs, t, resp, err);
        results.add(a);
        return a;
    }

    static Attempt attempt(Event ev, int seq, int urlIdx, int attempt, long sendMs, long t0,
                           HttpResponse<String> resp, Throwable err) {
        double lat = (System.nanoTime() - t0) / 1e6;
        if (resp == null) {
            Throwable root = err;
            while (root != null && root.getCause() != null && root.getCause() != root
                    && (root instanceof java.util.concurrent.CompletionException || root.getMessage() == null)) {
                root = root.getCause();
            }
            String msg = root == null ? "unknown" : root.getClass().getSimpleName() + ": " + root.getMessage();
            return new Attempt(ev, seq, urlIdx, attempt, sendMs, lat, 0, null, null, msg);
        }
        Matcher m = OUTCOME.matcher(resp.body());
        return new Attempt(ev, seq, urlIdx, attempt, sendMs, lat, resp.statusCode(), m.find() ? m.group(1) : null,
                resp.headers().firstValue("Retry-After").orElse(null), null);
    }

    /** The id the service gives an event that has none: "sha256:" and the hex SHA-256 of the exact body bytes. */
    static String bodyDigestId(String body) {
        try {
            return "sha256:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------- events

    final Map<String, String> templates = new java.util.concurrent.ConcurrentHashMap<>();

    String template(String type) {
        return templates.computeIfAbsent(type, t -> {
            try {
                return Files.readString(fixtures.resolve(t + ".json"));
            } catch (IOException e) {
                throw new IllegalStateException("fixture " + t + ".json", e);
            }
        });
    }

    /** A realistic event from the repo's fixture of that type, with id, created, email, name and customer replaced. */
    Event event(String type, String id, String email, String name, long created, String customerId) {
        String b = template(type);
        b = b.replaceFirst("(?m)^  \"id\": \"evt_[^\"]*\"", "  \"id\": \"" + id + "\"");
        b = b.replaceFirst("(?m)^  \"created\": \\d+", "  \"created\": " + created);
        b = b.replaceFirst("\"metadata\": \\{\\}", Matcher.quoteReplacement("\"metadata\": {\"note\": \"" + marker + "\"}"));
        boolean trig;
        switch (type) {
            case "invoice.paid" -> {
                b = b.replaceFirst("\"customer_email\": \"[^\"]*\"", "\"customer_email\": \"" + email + "\"");
                b = b.replaceFirst("\"customer_name\": \"[^\"]*\"", Matcher.quoteReplacement("\"customer_name\": \"" + name + "\""));
                b = b.replace("cus_S9YwWMaQEgeJYO", customerId);
                trig = true;
            }
            case "customer.created", "customer.updated" -> {
                b = b.replaceFirst("\"email\": \"[^\"]*\"", "\"email\": \"" + email + "\"");
                b = b.replaceFirst("(?m)^      \"name\": \"[^\"]*\"", Matcher.quoteReplacement("      \"name\": \"" + name + "\""));
                b = b.replace("cus_RzoeLi0000001", customerId);
                trig = type.equals("customer.created");
            }
            default -> throw new IllegalArgumentException("no template for " + type);
        }
        if (!b.contains(id) || !b.contains(email)) throw new IllegalStateException("templating failed for " + type);
        return new Event("stripe", id, type, email, trig, b);
    }

    /** A Clerk user.created shaped like Clerk's documented example; the marker rides in unsafe_metadata. */
    Event clerkUserCreated(String msgId, int seq, String email, long created) {
        String body = """
                {
                  "data": {
                    "created_at": %2$d,
                    "email_addresses": [
                      {
                        "email_address": "%3$s",
                        "id": "idn_%1$s_%4$06d",
                        "linked_to": [],
                        "object": "email_address",
                        "verification": {"status": "verified", "strategy": "email_code"}
                      }
                    ],
                    "external_accounts": [],
                    "external_id": null,
                    "first_name": "Load",
                    "id": "user_%1$s_%4$06d",
                    "image_url": "https://img.clerk.com/faults",
                    "last_name": "User%4$d",
                    "object": "user",
                    "password_enabled": true,
                    "phone_numbers": [],
                    "primary_email_address_id": "idn_%1$s_%4$06d",
                    "private_metadata": {},
                    "public_metadata": {},
                    "unsafe_metadata": {"note": "%5$s"},
                    "updated_at": %2$d,
                    "username": null
                  },
                  "instance_id": "ins_faults",
                  "object": "event",
                  "timestamp": %2$d,
                  "type": "user.created"
                }
                """.formatted(fault, created * 1000, email, seq, marker);
        return new Event("clerk", msgId, "user.created", email, true, body);
    }

    /** A Database Webhook for a sign-up on auth.users, one line as PostgreSQL's jsonb prints it. */
    Event supabaseUserInsert(int seq, String email, long created) {
        String at = Instant.ofEpochSecond(created).toString().replace("Z", ".000000+00:00");
        String userId = UUID.nameUUIDFromBytes((fault + "/" + seq).getBytes(StandardCharsets.UTF_8)).toString();
        String body = ("{\"type\": \"INSERT\", \"table\": \"users\", \"record\": {\"id\": \"%s\", \"aud\": \"authenticated\", "
                + "\"role\": \"authenticated\", \"email\": \"%s\", \"phone\": null, \"created_at\": \"%s\", "
                + "\"deleted_at\": null, \"updated_at\": \"%s\", \"is_anonymous\": false, \"last_sign_in_at\": null, "
                + "\"raw_app_meta_data\": {\"note\": \"%s\", \"provider\": \"email\", \"providers\": [\"email\"]}, "
                + "\"email_confirmed_at\": null, \"encrypted_password\": \"\", "
                + "\"raw_user_meta_data\": {\"last_name\": \"User%d\", \"first_name\": \"Load\"}}, "
                + "\"schema\": \"auth\", \"old_record\": null}").formatted(userId, email, at, at, marker, seq);
        return new Event("supabase", bodyDigestId(body), "auth.users.INSERT", email, true, body);
    }

    // ---------------------------------------------------------------------------------- output

    static String col(Object o) {
        if (o == null) return "\\N";
        return o.toString().replace('\\', '/').replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    void write(Path out) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
            for (Attempt a : results) {
                w.println(String.join("\t", col(fault), col(a.seq), col(a.ev.id), col(a.ev.type), col(a.ev.email),
                        col(a.ev.trig), col(a.urlIdx), col(a.attempt), col(a.sendMs),
                        col(String.format(Locale.ROOT, "%.3f", a.latMs)), col(a.status), col(a.outcome),
                        col(a.retryAfter), col(a.error), col(a.ev.platform)));
            }
        }
    }

    void summary(long ms) {
        Map<String, Integer> byStatus = new java.util.TreeMap<>();
        Map<String, Integer> byPlatform = new java.util.TreeMap<>();
        for (Attempt a : results) {
            byStatus.merge(a.status == 0 ? "error" : String.valueOf(a.status), 1, Integer::sum);
            byPlatform.merge(a.ev.platform, 1, Integer::sum);
        }
        System.err.printf("LoadClient %s: %d attempts in %.1fs %s %s%n", fault, results.size(), ms / 1000.0, byStatus, byPlatform);
    }
}
