package dev.loops.webhooks.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs a body the way Standard Webhooks senders (Svix, so Clerk) do, for tests. */
public final class StandardWebhooksSigner {

    private StandardWebhooksSigner() {
    }

    /** {@code v1,<base64 HMAC-SHA256 of id.timestamp.body keyed with the base64-decoded secret after whsec_>} */
    public static String signature(String secret, String messageId, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.replaceFirst("^whsec_", "")), "HmacSHA256"));
            mac.update((messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
