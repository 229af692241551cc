package dev.loops.webhooks.endpoint;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Endpoint ids are the unguessable part of an endpoint's URL: 144 random bits. */
public final class EndpointIds {

    /** Declared ids must carry at least 128 bits when random: 22 URL-safe base64 characters. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{22,64}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private EndpointIds() {
    }

    public static String generate() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return "we_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static boolean isWellFormed(String id) {
        return id != null && VALID.matcher(id).matches();
    }
}
