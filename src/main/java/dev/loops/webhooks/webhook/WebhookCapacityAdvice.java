package dev.loops.webhooks.webhook;

import java.util.Map;

import org.springframework.core.task.TaskRejectedException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Webhooks are processed by a bounded pool with a bounded queue (spring.task.execution.pool.*): when both
 * are full, a webhook is answered 503 at once, so memory and waiting stay bounded under any burst.
 */
@RestControllerAdvice
public class WebhookCapacityAdvice {

    @ExceptionHandler(TaskRejectedException.class)
    ResponseEntity<Map<String, String>> atCapacity() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", "5")
                .body(Map.of("error", "unavailable",
                        "message", "The service is at capacity; nothing was written. Please retry."));
    }
}
