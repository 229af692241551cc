package dev.loops.webhooks.console;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loops.webhooks.delivery.DeliveryLog;
import dev.loops.webhooks.delivery.DeliveryView;
import dev.loops.webhooks.endpoint.EndpointService;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The webhook log: deliveries by endpoint, outcome and time (times in UTC), refreshed while open; a delivery with
 * its stored payload; replays of one or of the filtered set, with the result of each.
 */
@Controller
@RequestMapping("/console/deliveries")
public class DeliveryPages {

    /** The form's filters: times as the browser's datetime-local fields send them, read as UTC. */
    public record LogFilter(String endpointId, String status, String eventType,
                            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime from,
                            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime to) {

        DeliveryLog.Filter toFilter() {
            return new DeliveryLog.Filter(endpointId, status, eventType, null,
                    from == null ? null : from.atOffset(ZoneOffset.UTC), to == null ? null : to.atOffset(ZoneOffset.UTC))
                    .normalized();
        }

        public boolean isEmpty() {
            return toFilter().equals(DeliveryLog.Filter.NONE);
        }
    }

    private final DeliveryLog deliveries;
    private final EndpointService endpoints;
    private final BulkReplays bulkReplays;
    private final ObjectMapper json;

    public DeliveryPages(DeliveryLog deliveries, EndpointService endpoints, BulkReplays bulkReplays, ObjectMapper json) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.bulkReplays = bulkReplays;
        this.json = json;
    }

    @GetMapping
    public String log(LogFilter filter, @RequestParam(required = false) Integer page, Model model) {
        model.addAttribute("endpoints", endpoints.list());
        model.addAttribute("statuses", DeliveryLog.STATUSES.stream().sorted().toList());
        return rows(filter, page, model, "console/deliveries");
    }

    /** The table alone, which the page fetches again every few seconds. */
    @GetMapping("/rows")
    public String rowsFragment(LogFilter filter, @RequestParam(required = false) Integer page, Model model) {
        return rows(filter, page, model, "console/deliveries :: rows");
    }

    @GetMapping("/{id}")
    public String delivery(@PathVariable long id, Model model) throws JsonProcessingException {
        DeliveryView delivery = deliveries.get(id);
        model.addAttribute("delivery", delivery);
        model.addAttribute("payload", delivery.payload() == null ? null
                : json.writerWithDefaultPrettyPrinter().writeValueAsString(delivery.payload()));
        return "console/delivery";
    }

    /** Replays one delivery; the answer is the result's fragment, put in place on the delivery's page. */
    @PostMapping("/{id}/replay")
    public String replay(@PathVariable long id, @RequestParam(defaultValue = "false") boolean force, Model model) {
        try {
            DeliveryLog.ReplayResult result = deliveries.replay(id, force);
            model.addAttribute("result", new BulkReplays.Result(id, result.outcome(), result.status(),
                    result.body().path("message").asText(null)));
        } catch (ResponseStatusException refused) {
            model.addAttribute("result", new BulkReplays.Result(id, "refused", refused.getStatusCode().value(), refused.getReason()));
        }
        model.addAttribute("force", force);
        return "console/delivery :: replay-result";
    }

    /** Starts replaying the filtered set in the background; the answer is its progress, which then polls itself. */
    @PostMapping("/replay")
    public String replayAll(LogFilter filter, @RequestParam(defaultValue = "false") boolean force,
                            @RequestParam(defaultValue = "100") int limit, Model model) {
        model.addAttribute("job", bulkReplays.start(filter.toFilter(), force, limit));
        return "console/deliveries :: replay-progress";
    }

    @GetMapping("/replays/{jobId}")
    public String replayProgress(@PathVariable String jobId, Model model) {
        model.addAttribute("job", bulkReplays.find(jobId).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "No bulk replay " + jobId + " (finished ones are kept for an hour)")));
        return "console/deliveries :: replay-progress";
    }

    private String rows(LogFilter filter, Integer page, Model model, String view) {
        model.addAttribute("filter", filter);
        model.addAttribute("deliveries", ConsolePaging.of(page, slice -> deliveries.list(filter.toFilter(), slice)));
        return view;
    }
}
