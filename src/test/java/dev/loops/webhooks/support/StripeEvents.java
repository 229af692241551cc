package dev.loops.webhooks.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.stripe.net.Webhook;

/** Realistic Stripe event bodies from src/test/resources/stripe, signed with Stripe's own scheme. */
public final class StripeEvents {

    private StripeEvents() {
    }

    /** The exact bytes of a fixture, as Stripe would send them (pretty JSON, UTF-8, trailing newline). */
    public static byte[] fixture(String name) {
        try (InputStream in = StripeEvents.class.getResourceAsStream("/stripe/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture stripe/" + name + ".json");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Stripe-Signature header for the body, signed now. */
    public static String sign(byte[] body, String secret) {
        return sign(body, secret, Instant.now().getEpochSecond());
    }

    /** A Stripe-Signature header made by stripe-java's own generator, so tests sign exactly as Stripe does. */
    public static String sign(byte[] body, String secret, long timestamp) {
        try {
            return Webhook.Signature.generateSignatureHeader(new String(body, StandardCharsets.UTF_8), secret, timestamp);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
