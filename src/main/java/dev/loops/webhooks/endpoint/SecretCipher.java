package dev.loops.webhooks.endpoint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.loops.webhooks.config.LoopsProperties;
import org.springframework.stereotype.Component;

/**
 * Encrypts signing secrets and API keys at rest with AES-256-GCM when {@code LOOPS_ENCRYPTION_KEY} (32 bytes,
 * base64) is set. Stored form: {@code enc:v1:<base64(12-byte IV | ciphertext and tag)>}. Without a key values are
 * stored as given, and reading an encrypted value is refused with an explanation.
 */
@Component
public class SecretCipher {

    static final String PREFIX = "enc:v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(LoopsProperties properties) {
        String configured = properties.getEncryptionKey();
        if (configured == null || configured.isBlank()) {
            this.key = null;
            return;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(configured.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("LOOPS_ENCRYPTION_KEY must be base64; generate one with: openssl rand -base64 32");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("LOOPS_ENCRYPTION_KEY must be 32 bytes (base64 of 32 random bytes), not "
                    + bytes.length + "; generate one with: openssl rand -base64 32");
        }
        this.key = new SecretKeySpec(bytes, "AES");
    }

    public boolean isEnabled() {
        return key != null;
    }

    public static boolean isEncrypted(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** The value as stored: encrypted when a key is configured, as given otherwise. */
    public String seal(String plain) {
        if (plain == null || key == null) {
            return plain;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** The plain value of a stored one. */
    public String open(String stored) {
        if (!isEncrypted(stored)) {
            return stored;
        }
        if (key == null) {
            throw new IllegalStateException("Endpoint secrets in the database are encrypted, but LOOPS_ENCRYPTION_KEY "
                    + "is not set; start the service with the key they were encrypted with");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("An endpoint secret cannot be decrypted with LOOPS_ENCRYPTION_KEY: "
                    + "the key differs from the one it was encrypted with");
        }
    }
}
