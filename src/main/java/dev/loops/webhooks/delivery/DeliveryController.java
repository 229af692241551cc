package dev.loops.webhooks.delivery;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loops.webhooks.api.Page;
import dev.loops.webhooks.delivery.DeliveryLog.Filter;
import dev.loops.webhooks.delivery.DeliveryLog.ReplayResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The webhook log: {@code GET /api/deliveries} (newest first, filtered), {@code GET /api/deliveries/{id}} (with the
 * stored payload), and replays of stored payloads, one ({@code POST /api/deliveries/{id}/replay}) or many
 * ({@code POST /api/deliveries/replay} with the list's filters).
 */
@RestController
@RequestMapping("/api/deliveries")
@Tag(name = "Webhook log", description = "Every request to an endpoint's URL, what happened to it and why; replays")
public class DeliveryController {

    private final DeliveryLog log;

    public DeliveryController(DeliveryLog log) {
        this.log = log;
    }

    /** A bulk replay's answer: how many were replayed, how many had each outcome, and each replay's answer. */
    public record BulkReplay(
            int replayed,
            @Schema(description = "How many replays had each outcome (processed, duplicate, ignored, or an error's name)")
            Map<String, Integer> outcomes,
            @Schema(description = "Each replay's answer, as for one replay")
            List<JsonNode> results) {
    }

    @Operation(operationId = "listDeliveries", summary = "List the webhook log",
            description = "Newest first, filtered; without the stored payloads (`hasPayload` says whether there is one).")
    @GetMapping
    public List<DeliveryView> list(@ParameterObject Filter filter, @RequestParam(required = false) Integer limit,
                                   @RequestParam(required = false) Integer offset) {
        return log.list(filter, Page.of(limit, offset));
    }

    @Operation(operationId = "getDelivery", summary = "Get a delivery, with its stored payload")
    @GetMapping("/{id}")
    public DeliveryView get(@PathVariable long id) {
        return log.get(id);
    }

    /** Runs a stored payload through processing again; {@code force} applies an already processed event again. */
    @Operation(operationId = "replayDelivery", summary = "Replay a delivery", description = """
            Runs the stored payload through processing again, as the platform that delivered it, and answers what the \
            platform would be answered now (the webhook contract's status and body, e.g. `status` processed, \
            duplicate or ignored) with `replayOf`. The replay is a delivery of its own in the log.""")
    @ApiResponse(responseCode = "200", description = "Replayed: the webhook's answer")
    @ApiResponse(responseCode = "409", description = "The delivery has no stored payload: rejected requests and "
            + "duplicates keep none, and retention deletes old ones")
    @ApiResponse(responseCode = "503", description = "The database or a platform's API is unavailable: the webhook's "
            + "answer (`error: unavailable`); nothing was written",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JsonNode.class)))
    @PostMapping("/{id}/replay")
    public ResponseEntity<JsonNode> replay(@PathVariable long id,
                                           @Parameter(description = "Apply an event already processed again, instead "
                                                   + "of answering duplicate")
                                           @RequestParam(defaultValue = "false") boolean force) {
        ReplayResult result = log.replay(id, force);
        return ResponseEntity.status(result.status()).contentType(MediaType.APPLICATION_JSON).body(result.body());
    }

    /** Replays every delivery the filter matches that has a payload (at most 500 per call, oldest first). */
    @Operation(operationId = "replayDeliveries", summary = "Replay the deliveries a filter matches", description = """
            Replays, oldest first, every delivery the filter matches that has a stored payload, at most `limit`; \
            each as one replay would.""")
    @PostMapping("/replay")
    public BulkReplay replayAll(@ParameterObject Filter filter,
                                @Parameter(description = "As for one replay") @RequestParam(defaultValue = "false") boolean force,
                                @Parameter(description = "At most this many, 1 to " + DeliveryLog.MAX_BULK_REPLAY
                                        + "; default 100") @RequestParam(required = false) Integer limit) {
        List<Long> ids = log.replayable(filter, limit == null ? 100 : limit);
        Map<String, Integer> outcomes = new TreeMap<>();
        List<JsonNode> results = log.replayAll(ids, force, result -> outcomes.merge(result.outcome(), 1, Integer::sum))
                .stream().<JsonNode>map(ReplayResult::body).toList();
        return new BulkReplay(ids.size(), outcomes, results);
    }
}
