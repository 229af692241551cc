import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import com.stripe.net.Webhook;

/**
 * Writes signed Stripe events for bench/run.sh to replay with wrk (bench/signed-events.lua). Each event is new
 * (unique id), made from the templates in bench/templates (3-5 KB bodies; invoice.paid 40%, customer.updated 20%,
 * customer.created 15%, checkout.session.completed 15%, invoice.payment_failed 10%), for an email drawn from a pool
 * where a fifth of the addresses get four fifths of the events, and signed now with stripe-java's own signature
 * generator (the signature stays valid for 300 s, so the file is written just before it is used).
 *
 *   java -cp stripe-java.jar:gson.jar SignedEvents <templates dir> <whsec_ secret> <count> <emails> <run id> <file>
 *
 * File format, per event: the Stripe-Signature value, a space, the body's length in bytes, a newline, the body.
 */
public class SignedEvents {

    private static final String[] TYPES = {
            "invoice.paid", "invoice.paid", "invoice.paid", "invoice.paid", "invoice.paid", "invoice.paid",
            "invoice.paid", "invoice.paid", "customer.updated", "customer.updated", "customer.updated",
            "customer.updated", "customer.created", "customer.created", "customer.created",
            "checkout.session.completed", "checkout.session.completed", "checkout.session.completed",
            "invoice.payment_failed", "invoice.payment_failed"};

    public static void main(String[] args) throws Exception {
        Map<String, String> templates = new TreeMap<>();
        try (var files = Files.list(Path.of(args[0]))) {
            for (Path file : files.toList()) {
                templates.put(file.getFileName().toString().replace(".json", ""), Files.readString(file));
            }
        }
        String secret = args[1];
        int count = Integer.parseInt(args[2]);
        int emails = Integer.parseInt(args[3]);
        String runId = args[4];
        long now = System.currentTimeMillis() / 1000;
        SplittableRandom random = new SplittableRandom(runId.hashCode());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(args[5])), 1 << 20)) {
            for (int n = 1; n <= count; n++) {
                String type = TYPES[random.nextInt(TYPES.length)];
                int contact = random.nextInt(5) < 4 ? random.nextInt(Math.max(1, emails / 5)) : random.nextInt(emails);
                String body = templates.get(type)
                        .replace("__EVENT_ID__", "evt_bench_" + runId + "_" + n)
                        .replace("\"created\": 0,", "\"created\": " + now + ",")
                        .replace("__EMAIL__", "customer" + contact + "@bench.example.com")
                        .replace("__CUSTOMER__", "cus_bench" + contact)
                        .replace("__NAME__", "Customer " + contact);
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                write(out, Webhook.Signature.generateSignatureHeader(body, secret, now) + " " + bytes.length + "\n");
                out.write(bytes);
            }
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
