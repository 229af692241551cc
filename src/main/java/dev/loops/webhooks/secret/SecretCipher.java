package dev.loops.webhooks.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import org.springframework.stereotype.Component;

/**
 * Seals secrets for storage with AES-256-GCM under the {@link EncryptionKey}; stored form:
 * {@code enc:v1:<base64(12-byte IV | ciphertext and tag)>}. Every secret is sealed on write. A plain value read
 * back is one written before it could be sealed (by an older version); {@link SecretsAtRest} seals those at start.
 */
@Component
public class SecretCipher {

    static final String PREFIX = "enc:v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final EncryptionKey key;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(EncryptionKey key) {
        this.key = key;
    }

    public static boolean isEncrypted(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** The value as stored. */
    public String seal(String plain) {
        if (plain == null) {
            return null;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, iv));
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
        try {
            byte[] bytes = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("A stored secret cannot be decrypted with the configured encryption key: "
                    + "the key differs from the one it was encrypted with, or the stored value is damaged");
        }
    }

    /** Whether this key opens the stored value (a wrong key fails GCM's authentication). */
    boolean opens(String stored) {
        try {
            open(stored);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
