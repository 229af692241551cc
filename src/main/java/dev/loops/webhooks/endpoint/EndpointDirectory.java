package dev.loops.webhooks.endpoint;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import org.springframework.stereotype.Component;

/**
 * Endpoint look-ups on the webhook path, cached so a burst of deliveries does not query the endpoint
 * table each time. Local changes invalidate at once; changes made by another instance on the same
 * database are seen within the refresh interval. An entry is refreshed in the background and the cached
 * one answers meanwhile, so a database outage does not hold every request up on the endpoint look-up.
 * Unknown ids are cached too, so probing random URLs costs no query.
 */
@Component
public class EndpointDirectory {

    private static final Duration REFRESH = Duration.ofSeconds(5);
    private static final Duration EXPIRY = Duration.ofHours(1);

    private final LoadingCache<String, Optional<WebhookEndpoint>> cache;

    public EndpointDirectory(EndpointRepository repository) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(10_000)
                .refreshAfterWrite(REFRESH)
                .expireAfterWrite(EXPIRY)
                .build(repository::findById);
    }

    public Optional<WebhookEndpoint> find(String id) {
        if (!EndpointIds.isWellFormed(id)) {
            return Optional.empty();
        }
        return cache.get(id);
    }

    /** The endpoint with this id when it is enabled and receives this platform's webhooks. */
    public Optional<WebhookEndpoint> findEnabled(String provider, String id) {
        return find(id).filter(endpoint -> endpoint.enabled() && endpoint.provider().equals(provider));
    }

    public void invalidate(String id) {
        cache.invalidate(id);
    }
}
