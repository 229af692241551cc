package dev.loops.webhooks.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Clerk event bodies from src/test/resources/clerk, and the headers Svix sends with them: the Standard Webhooks
 * signature (HMAC-SHA256 over {@code id.timestamp.body}, keyed with the base64-decoded part of the secret after
 * {@code whsec_}, sent as {@code v1,<base64>}). Written from the specification on the JDK's Mac, apart from the
 * service's own scheme, and checked against the specification's vector in {@code ClerkEventsTest}.
 */
public final class ClerkEvents {

    /** The signing secret Clerk would show for the test endpoints: whsec_ and the base64 of 32 bytes. */
    public static final String SECRET = "whsec_Y2xlcmsgdGVzdCBzaWduaW5nIGtleSwgMzIgYnl0ZXM=";

    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\": [0-9]+");

    private ClerkEvents() {
    }

    /** The exact bytes of a fixture (pretty JSON, UTF-8). */
    public static byte[] fixture(String name) {
        try (InputStream in = ClerkEvents.class.getResourceAsStream("/clerk/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture clerk/" + name + ".json");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture with the event's own time (Clerk's top-level "timestamp") replaced, for ordering tests. */
    public static byte[] withTimestamp(byte[] body, long timestamp) {
        Matcher matcher = TIMESTAMP.matcher(new String(body, StandardCharsets.UTF_8));
        if (!matcher.find()) {
            throw new IllegalArgumentException("The body has no top-level \"timestamp\"");
        }
        return matcher.replaceFirst("\"timestamp\": " + timestamp).getBytes(StandardCharsets.UTF_8);
    }

    /** A fresh message id, as Svix gives each message (and keeps on every retry of it). */
    public static String messageId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** The request headers of a delivery signed now with {@link #SECRET}, Content-Type included. */
    public static String[] headers(String messageId, byte[] body) {
        return headers(messageId, Instant.now().getEpochSecond(), body, SECRET);
    }

    public static String[] headers(String messageId, long timestamp, byte[] body, String secret) {
        return new String[] {"Content-Type", "application/json", "svix-id", messageId,
                "svix-timestamp", Long.toString(timestamp), "svix-signature", signature(messageId, timestamp, body, secret)};
    }

    /** The svix-signature header value: {@code v1,<base64 of HMAC-SHA256(id.timestamp.body)>}. */
    public static String signature(String messageId, long timestamp, byte[] body, String secret) {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
