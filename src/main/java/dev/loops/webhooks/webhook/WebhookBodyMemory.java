package dev.loops.webhooks.webhook;

import java.util.concurrent.atomic.AtomicLong;

import dev.loops.webhooks.config.LoopsProperties;
import org.springframework.stereotype.Component;

/**
 * The bytes of webhook bodies held in memory at once (loops.webhooks.body-memory-limit): a body reserves its
 * bytes as they arrive and releases them once it is answered.
 */
@Component
class WebhookBodyMemory {

    private final long limit;
    private final AtomicLong held = new AtomicLong();

    WebhookBodyMemory(LoopsProperties properties) {
        this.limit = properties.getWebhooks().getBodyMemoryLimit().toBytes();
    }

    /** False, and nothing reserved, when these bytes would take the total over the limit. */
    boolean reserve(int bytes) {
        if (held.addAndGet(bytes) > limit) {
            held.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    void release(long bytes) {
        held.addAndGet(-bytes);
    }
}
