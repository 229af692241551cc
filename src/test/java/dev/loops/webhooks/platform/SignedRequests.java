package dev.loops.webhooks.platform;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Requests as a scheme sees them: headers looked up case-insensitively, as Camel and HTTP do. */
final class SignedRequests {

    private SignedRequests() {
    }

    static SignedRequest request(Map<String, String> headers, String payload) {
        TreeMap<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        return new SignedRequest(byName::get, payload);
    }

    static SignedRequest request(Map<String, String> headers, byte[] body) {
        return request(headers, new String(body, StandardCharsets.UTF_8));
    }
}
