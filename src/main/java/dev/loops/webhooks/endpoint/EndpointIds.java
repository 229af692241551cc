package dev.loops.webhooks.endpoint;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Endpoint ids are the unguessable part of an endpoint's URL: 144 random bits. */
public final class EndpointIds {

    /** Declared ids must carry at least 128 bits when random: 22 URL-safe base64 characters. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{22,64}");

    private static final SecureRandom RANDOM = new SecureRandom();
    /** "we_" and five random characters: 30 of the id's 144 bits. */
    private static final int LABEL_LENGTH = 8;

    private EndpointIds() {
    }

    public static String generate() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return "we_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * How an endpoint is named in logs and metric labels: the id is the secret part of its URL, so only its first
     * characters, enough to tell endpoints apart (GET /api/endpoints lists the whole ids).
     */
    public static String label(String id) {
        if (id == null) {
            return null;
        }
        return id.length() <= LABEL_LENGTH ? id : id.substring(0, LABEL_LENGTH) + "…";
    }

    public static boolean isWellFormed(String id) {
        return id != null && VALID.matcher(id).matches();
    }
}
