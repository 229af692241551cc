package dev.loops.webhooks.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import dev.loops.webhooks.support.MovableClock;

import org.junit.jupiter.api.Test;

/** The lockout schedule, with a clock the test moves. */
class FailedLoginThrottleTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final FailedLoginThrottle throttle = new FailedLoginThrottle(clock);

    @Test
    void theFirstFailuresAreFreeThenEachLockoutDoubles() {
        for (int i = 1; i < FailedLoginThrottle.FREE_FAILURES; i++) {
            throttle.failed("198.51.100.7");
            assertThat(throttle.lockedOutFor("198.51.100.7")).as("after failure %d", i).isEmpty();
        }
        throttle.failed("198.51.100.7");
        assertThat(throttle.lockedOutFor("198.51.100.7")).hasValue(Duration.ofSeconds(1));

        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.lockedOutFor("198.51.100.7")).isEmpty();
        throttle.failed("198.51.100.7");
        assertThat(throttle.lockedOutFor("198.51.100.7")).hasValue(Duration.ofSeconds(2));

        clock.advance(Duration.ofSeconds(2));
        throttle.failed("198.51.100.7");
        assertThat(throttle.lockedOutFor("198.51.100.7")).hasValue(Duration.ofSeconds(4));
    }

    @Test
    void theLockoutStopsGrowingAtFifteenMinutes() {
        assertThat(FailedLoginThrottle.lockout(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(FailedLoginThrottle.lockout(14)).isEqualTo(Duration.ofSeconds(512));
        assertThat(FailedLoginThrottle.lockout(15)).isEqualTo(Duration.ofMinutes(15));
        assertThat(FailedLoginThrottle.lockout(1_000)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void anotherClientIsNeverHeldUpAndASuccessClearsTheRecord() {
        for (int i = 0; i < 8; i++) {
            throttle.failed("198.51.100.7");
        }
        assertThat(throttle.lockedOutFor("198.51.100.7")).isPresent();
        assertThat(throttle.lockedOutFor("203.0.113.9")).isEmpty();

        throttle.succeeded("198.51.100.7");
        assertThat(throttle.lockedOutFor("198.51.100.7")).isEmpty();
        throttle.failed("198.51.100.7");
        assertThat(throttle.lockedOutFor("198.51.100.7")).as("counting starts again").isEmpty();
    }
}
