package dev.loops.webhooks.webhook;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * While the database is down, webhooks are answered 503 at once instead of each waiting for a connection
 * (and the ones behind them waiting for those): after half of the last ten deliveries failed on the
 * database, the circuit opens for two seconds, then lets two deliveries try again.
 */
@Component("databaseCircuit")
public class DatabaseCircuit {

    static final String PERMIT = "databaseCircuitEnteredAt";

    private final CircuitBreaker breaker = CircuitBreaker.of("database", CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(10)
            .minimumNumberOfCalls(5)
            .failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofSeconds(2))
            .permittedNumberOfCallsInHalfOpenState(2)
            .build());

    /** Before a delivery's database work: refused (503) while the circuit is open. */
    public void enter(Exchange exchange) {
        if (!breaker.tryAcquirePermission()) {
            throw CallNotPermittedException.createCallNotPermittedException(breaker);
        }
        exchange.setVariable(PERMIT, System.nanoTime());
    }

    /** After the delivery was answered: did the database work? */
    void leave(Exchange exchange, boolean databaseUnavailable) {
        Long entered = exchange.getVariable(PERMIT, Long.class);
        if (entered == null) {
            return;
        }
        exchange.removeVariable(PERMIT);
        long nanos = System.nanoTime() - entered;
        if (databaseUnavailable) {
            breaker.onError(nanos, TimeUnit.NANOSECONDS, new IllegalStateException("database unavailable"));
        } else {
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        }
    }

    public CircuitBreaker.State state() {
        return breaker.getState();
    }
}
