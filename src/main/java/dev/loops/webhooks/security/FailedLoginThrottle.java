package dev.loops.webhooks.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Component;

/**
 * Makes guessing the admin token slow, per client address, whichever way it is tried (Bearer, Basic, Hawtio's
 * login form): the first {@value #FREE_FAILURES} failures cost nothing, then each failure locks the address out
 * for twice as long as the one before (1 s, 2 s, 4 s, ... up to 15 minutes). A success clears the record, and a
 * client that has not failed is never held up. An address is forgotten an hour after its last failure.
 */
@Component
public class FailedLoginThrottle {

    public static final int FREE_FAILURES = 5;
    static final Duration FIRST_LOCKOUT = Duration.ofSeconds(1);
    static final Duration LONGEST_LOCKOUT = Duration.ofMinutes(15);
    private static final Duration MEMORY = Duration.ofHours(1);

    private record Failures(int count, Instant lockedUntil) {
    }

    private final Cache<String, Failures> failuresByClient;
    private final Clock clock;

    public FailedLoginThrottle(Clock clock) {
        this.clock = clock;
        this.failuresByClient = Caffeine.newBuilder()
                // a flood from many addresses cannot grow this without end
                .maximumSize(100_000)
                .expireAfterWrite(MEMORY)
                .build();
    }

    /** How long this client must still wait before its credentials are checked again, if it is locked out. */
    public Optional<Duration> lockedOutFor(String client) {
        Failures failures = failuresByClient.getIfPresent(client);
        if (failures == null || failures.lockedUntil() == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), failures.lockedUntil());
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    public void failed(String client) {
        failuresByClient.asMap().compute(client, (key, previous) -> {
            int count = previous == null ? 1 : previous.count() + 1;
            return new Failures(count, count < FREE_FAILURES ? null : clock.instant().plus(lockout(count)));
        });
    }

    public void succeeded(String client) {
        failuresByClient.invalidate(client);
    }

    /** Forgets every failure, e.g. after a misconfigured client of one's own was fixed. */
    public void forgetAll() {
        failuresByClient.invalidateAll();
    }

    /** The lockout after the {@code count}-th failure in a row: doubling from the first one past the free ones. */
    static Duration lockout(int count) {
        int doublings = Math.min(count - FREE_FAILURES, 30);
        Duration lockout = FIRST_LOCKOUT.multipliedBy(1L << doublings);
        return lockout.compareTo(LONGEST_LOCKOUT) > 0 ? LONGEST_LOCKOUT : lockout;
    }
}
