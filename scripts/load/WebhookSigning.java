import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.stripe.net.Webhook;

/**
 * Signs a webhook request the way each platform signs it, for the load clients of the fault tests
 * (scripts/faults/LoadClient.java) and of the bench (bench/LoadGenerator.java): Stripe with stripe-java's own
 * signature generator, Clerk as Svix signs (Standard Webhooks: base64 HMAC-SHA256 of "id.timestamp.body" with the
 * key after whsec_, javax.crypto; the official Svix library is not served here), Supabase with the endpoint's
 * secret header. A platform whose secret is null cannot be signed for.
 */
public final class WebhookSigning {

    private final String stripeSecret;
    private final SecretKeySpec clerkKey;
    private final String supabaseHeaderName;
    private final String supabaseSecret;

    public WebhookSigning(String stripeSecret, String clerkSecret, String supabaseHeaderName, String supabaseSecret) {
        this.stripeSecret = stripeSecret;
        // Java's decoder takes the base64 with or without padding
        this.clerkKey = clerkSecret == null ? null
                : new SecretKeySpec(Base64.getDecoder().decode(clerkSecret.replaceFirst("^whsec_", "")), "HmacSHA256");
        this.supabaseHeaderName = supabaseHeaderName;
        this.supabaseSecret = supabaseSecret;
    }

    /**
     * Adds the platform's signature headers for a request sent at {@code epochSeconds}; {@code eventId} is the
     * message id for Clerk (the svix-id, the same on every attempt of a message) and unused by the others.
     */
    public HttpRequest.Builder sign(HttpRequest.Builder request, String platform, String eventId, String body,
                                    long epochSeconds) {
        return switch (platform) {
            case "stripe" -> request.header("Stripe-Signature", stripeSignature(body, epochSeconds));
            case "clerk" -> request.header("svix-id", eventId).header("svix-timestamp", Long.toString(epochSeconds))
                    .header("svix-signature", "v1," + standardWebhooksSignature(eventId, epochSeconds, body));
            case "supabase" -> request.header(supabaseHeaderName, required(supabaseSecret, platform));
            default -> throw new IllegalArgumentException("no signing scheme for platform " + platform);
        };
    }

    private String stripeSignature(String body, long epochSeconds) {
        try {
            return Webhook.Signature.generateSignatureHeader(body, required(stripeSecret, "stripe"), epochSeconds);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String standardWebhooksSignature(String messageId, long epochSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(required(clerkKey, "clerk"));
            byte[] signed = mac.doFinal((messageId + "." + epochSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T required(T secret, String platform) {
        if (secret == null) {
            throw new IllegalStateException("no " + platform + " secret was given to sign with");
        }
        return secret;
    }
}
