package dev.loops.webhooks.webhook;

import java.util.regex.Pattern;

/**
 * The shape of a {@code Stripe-Signature} header ({@code t=<unix seconds>,v1=<hex>[,v1=<hex>...]}), read
 * only to tell the sender precisely what is wrong and to check the timestamp; the signature itself is
 * checked by stripe-java.
 */
record StripeSignatureHeader(long timestamp) {

    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,12}");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{1,128}");

    /** Parses the header like stripe-java does (first {@code t} wins), rejecting what it would choke on. */
    static StripeSignatureHeader parse(String header) {
        if (header == null || header.isBlank()) {
            throw WebhookRejectedException.invalidSignature(
                    "Missing Stripe-Signature header: requests to this endpoint must be signed by Stripe.");
        }
        Long timestamp = null;
        boolean hasV1 = false;
        for (String item : header.split(",", -1)) {
            String[] pair = item.trim().split("=", 2);
            if (pair.length != 2) {
                continue;
            }
            if (pair[0].equals("t") && timestamp == null && SECONDS.matcher(pair[1]).matches()) {
                timestamp = Long.parseLong(pair[1]);
            } else if (pair[0].equals("v1") && HEX.matcher(pair[1]).matches()) {
                hasV1 = true;
            }
        }
        if (timestamp == null || !hasV1) {
            throw WebhookRejectedException.invalidSignature(
                    "Malformed Stripe-Signature header: expected t=<timestamp>,v1=<signature>.");
        }
        return new StripeSignatureHeader(timestamp);
    }
}
