package dev.loops.webhooks.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The three headers of a Standard Webhooks request, parsed once and with bounds, so a hostile header costs
 * little: {@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature}, or the same headers with
 * Svix's {@code svix-} prefix. The signature header is a space-separated list of {@code <version>,<base64>}
 * entries; only {@code v1} (HMAC-SHA256) entries are kept, other versions (the asymmetric {@code v1a}, or any
 * unknown one) are ignored, as the specification asks.
 *
 * @param prefix {@code "webhook-"} or {@code "svix-"}: the names the sender used, so messages name its headers
 */
record StandardWebhooksHeaders(String prefix, String id, String timestamp, List<String> signatures) {

    private static final String STANDARD_PREFIX = "webhook-";
    static final String SVIX_PREFIX = "svix-";

    /** Printable ASCII without spaces: the id is signed between dots and kept to deduplicate retries. */
    private static final Pattern ID = Pattern.compile("[\\x21-\\x7E]{1,256}");
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,12}");
    /** Each entry is about 50 characters (a v1a one about 90): far more than a rotation's few entries. */
    private static final int MAX_SIGNATURE_HEADER_LENGTH = 2048;
    private static final int MAX_ENTRIES = 16;

    static StandardWebhooksHeaders parse(SignedRequest request) {
        String prefix = usesSvixNames(request) ? SVIX_PREFIX : STANDARD_PREFIX;
        String id = required(request, prefix + "id");
        if (!ID.matcher(id).matches()) {
            throw malformed(prefix + "id", "expected the message id, 1 to 256 characters without spaces");
        }
        String timestamp = required(request, prefix + "timestamp");
        if (!SECONDS.matcher(timestamp).matches()) {
            throw malformed(prefix + "timestamp", "expected the time of sending in unix seconds");
        }
        String signature = required(request, prefix + "signature");
        return new StandardWebhooksHeaders(prefix, id, timestamp, v1Signatures(signature, prefix + "signature"));
    }

    long signedAt() {
        return Long.parseLong(timestamp);
    }

    /** What the sender signs: the message id, the timestamp exactly as sent, and the exact payload, dot-separated. */
    String signedContent(String payload) {
        return id + "." + timestamp + "." + payload;
    }

    String idHeaderName() {
        return prefix + "id";
    }

    String signatureHeaderName() {
        return prefix + "signature";
    }

    String timestampHeaderName() {
        return prefix + "timestamp";
    }

    private static boolean usesSvixNames(SignedRequest request) {
        return request.header(SVIX_PREFIX + "id") != null || request.header(SVIX_PREFIX + "timestamp") != null
                || request.header(SVIX_PREFIX + "signature") != null;
    }

    private static String required(SignedRequest request, String name) {
        String value = request.header(name);
        if (value == null || value.isBlank()) {
            throw new InvalidSignatureException("Missing " + name + " header: requests to this endpoint must be "
                    + "signed with its signing secret (Standard Webhooks: webhook-id, webhook-timestamp and "
                    + "webhook-signature, or the same headers named svix-id, svix-timestamp and svix-signature).");
        }
        return value;
    }

    private static List<String> v1Signatures(String header, String name) {
        if (header.length() > MAX_SIGNATURE_HEADER_LENGTH) {
            throw malformed(name, "it is longer than " + MAX_SIGNATURE_HEADER_LENGTH + " characters");
        }
        List<String> signatures = new ArrayList<>(2);
        int entries = 0;
        for (String entry : header.split(" ")) {
            if (entry.isEmpty()) {
                continue;
            }
            if (++entries > MAX_ENTRIES) {
                throw malformed(name, "it has more than " + MAX_ENTRIES + " signatures");
            }
            if (entry.startsWith("v1,")) {
                signatures.add(entry.substring(3));
            }
        }
        if (signatures.isEmpty()) {
            throw new InvalidSignatureException("The " + name + " header has no v1 signature: this endpoint checks "
                    + "v1 (HMAC-SHA256 with the endpoint's signing secret) and ignores other versions.");
        }
        return List.copyOf(signatures);
    }

    private static InvalidSignatureException malformed(String name, String why) {
        return new InvalidSignatureException("Malformed " + name + " header: " + why + ".");
    }
}
