package dev.loops.webhooks.webhook;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The two parts of a webhook URL, {@code /webhooks/<platform>/<endpointId>}. */
record WebhookAddress(String platform, String endpointId) {

    private static final Pattern PATH = Pattern.compile("/webhooks/([a-z0-9-]{1,40})/([^/]{1,100})");

    static Optional<WebhookAddress> parse(String requestUri) {
        Matcher path = PATH.matcher(requestUri);
        return path.matches() ? Optional.of(new WebhookAddress(path.group(1), path.group(2))) : Optional.empty();
    }
}
