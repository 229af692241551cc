package dev.loops.webhooks.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code Stripe-Signature} header ({@code t=<unix seconds>,v1=<hex>[,v1=<hex>...]}), parsed once and strictly:
 * the timestamp checked for freshness is the one the signatures are checked over. Libraries disagree on which
 * {@code t} wins when there are two, so a header with two is refused, as is any whitespace or an item that is
 * not {@code key=value}. Items of other schemes ({@code v0}, or any unknown key) are ignored, as Stripe documents.
 */
record StripeSignatureHeader(long timestamp, List<String> signatures) {

    static final String NAME = "Stripe-Signature";

    private static final Pattern ITEM = Pattern.compile("([A-Za-z0-9_]+)=(.+)");
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,12}");
    private static final Pattern WHITESPACE = Pattern.compile("\\s");
    /** More v1 signatures than any rotation needs is not a Stripe header. */
    private static final int MAX_SIGNATURES = 8;

    static StripeSignatureHeader parse(String header) {
        if (header == null || header.isBlank()) {
            throw new InvalidSignatureException(
                    "Missing Stripe-Signature header: requests to this endpoint must be signed by Stripe.");
        }
        if (WHITESPACE.matcher(header).find()) {
            throw malformed("it contains whitespace, which Stripe never sends");
        }
        Long timestamp = null;
        List<String> signatures = new ArrayList<>(2);
        for (String item : header.split(",", -1)) {
            var pair = ITEM.matcher(item);
            if (!pair.matches()) {
                throw malformed("every item must be key=value");
            }
            String key = pair.group(1);
            String value = pair.group(2);
            if (key.equals("t")) {
                if (timestamp != null) {
                    throw malformed("it has more than one timestamp (t=)");
                }
                if (!SECONDS.matcher(value).matches()) {
                    throw malformed("the timestamp (t=) must be unix seconds");
                }
                timestamp = Long.parseLong(value);
            } else if (key.equals("v1")) {
                signatures.add(value);
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            throw malformed("it needs a timestamp and at least one v1 signature");
        }
        if (signatures.size() > MAX_SIGNATURES) {
            throw malformed("it has more than " + MAX_SIGNATURES + " v1 signatures");
        }
        return new StripeSignatureHeader(timestamp, List.copyOf(signatures));
    }

    /** What Stripe signs: the header's timestamp, a dot, and the exact payload. */
    String signedPayload(String payload) {
        return timestamp + "." + payload;
    }

    private static InvalidSignatureException malformed(String why) {
        return new InvalidSignatureException(
                "Malformed Stripe-Signature header: expected t=<timestamp>,v1=<signature>; " + why + ".");
    }
}
