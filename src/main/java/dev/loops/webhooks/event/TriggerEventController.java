package dev.loops.webhooks.event;

import java.util.List;

import dev.loops.webhooks.api.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Every trigger event, newest first, with its publish state: {@code GET /api/events?email=&name=}. */
@RestController
@RequestMapping("/api/events")
@Tag(name = "Trigger events", description = "The events recorded for contacts and published to Kafka")
public class TriggerEventController {

    private final TriggerEventLog events;

    public TriggerEventController(TriggerEventLog events) {
        this.events = events;
    }

    @Operation(operationId = "listTriggerEvents", summary = "List the trigger events", description = """
            Newest first, with publish state: `published` is false while the event waits in the outbox (Kafka \
            unreachable, or publishing off); `record` is the Kafka record's value.""")
    @GetMapping
    public List<TriggerEventView> list(@Parameter(description = "The contact's address") @RequestParam(required = false) String email,
                                       @Parameter(description = "The event name, e.g. successfulPayment")
                                       @RequestParam(required = false) String name,
                                       @RequestParam(required = false) Integer limit,
                                       @RequestParam(required = false) Integer offset) {
        return events.list(email, name, Page.of(limit, offset));
    }
}
