package dev.loops.webhooks.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 key that seals stored secrets. Its text form, base64 of 32 bytes, is what both
 * {@code LOOPS_ENCRYPTION_KEY} and the key file hold, so one can be copied into the other.
 */
public final class EncryptionKey {

    static final int BYTES = 32;
    private static final String GENERATE_HINT = "generate one with: openssl rand -base64 32";
    // what the fingerprint is computed over: a fixed text, so the fingerprint says nothing about any secret
    private static final byte[] FINGERPRINT_LABEL = "loops secrets-at-rest key fingerprint v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec spec;

    private EncryptionKey(byte[] bytes) {
        this.spec = new SecretKeySpec(bytes, "AES");
    }

    public static EncryptionKey generate() {
        byte[] bytes = new byte[BYTES];
        new SecureRandom().nextBytes(bytes);
        return new EncryptionKey(bytes);
    }

    /**
     * @param origin where the text comes from, named in the error (never the text itself)
     */
    public static EncryptionKey parse(String base64, String origin) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new EncryptionKeyException(origin + " must be base64 of 32 random bytes.", GENERATE_HINT + ".");
        }
        if (bytes.length != BYTES) {
            throw new EncryptionKeyException(origin + " must be 32 bytes (base64 of 32 random bytes), not "
                    + bytes.length + ".", GENERATE_HINT + ".");
        }
        return new EncryptionKey(bytes);
    }

    /**
     * Names the key without revealing it (HMAC-SHA256 of a fixed label under the key), so the database can
     * record which key its secrets are sealed with.
     */
    public String fingerprint() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(spec.getEncoded(), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(FINGERPRINT_LABEL));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    String toBase64() {
        return Base64.getEncoder().encodeToString(spec.getEncoded());
    }

    SecretKeySpec spec() {
        return spec;
    }

    @Override
    public String toString() {
        return "EncryptionKey[not shown]";
    }
}
