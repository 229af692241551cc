package dev.loops.webhooks.platform;

import java.util.function.Function;

/**
 * What a signature scheme looks at: the request's headers (looked up by name, case-insensitively) and its body
 * exactly as received, decoded as UTF-8 (the bytes were checked to be valid UTF-8, so they re-encode to the same
 * bytes).
 */
public record SignedRequest(Function<String, String> headers, String payload) {

    public String header(String name) {
        return headers.apply(name);
    }
}
