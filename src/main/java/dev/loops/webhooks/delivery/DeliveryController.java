package dev.loops.webhooks.delivery;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loops.webhooks.api.Page;
import dev.loops.webhooks.contact.EmailAddress;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The webhook log: {@code GET /api/deliveries} (newest first, filtered), {@code GET /api/deliveries/{id}} (with the
 * stored payload), and replays of stored payloads, one ({@code POST /api/deliveries/{id}/replay}) or many
 * ({@code POST /api/deliveries/replay} with the list's filters).
 */
@RestController
@RequestMapping("/api/deliveries")
public class DeliveryController {

    static final Set<String> STATUSES = Set.of("processed", "duplicate", "ignored", "rejected", "unavailable", "failed");
    static final int MAX_BULK_REPLAY = 500;

    private static final String COLUMNS = "SELECT id, endpoint_id, provider, event_id, event_type, outcome, http_status, "
            + "message, email, contact_id, trigger_event, received_at, latency_ms, replay_of, "
            + "CASE WHEN payload IS NULL THEN FALSE ELSE TRUE END AS has_payload FROM webhook_delivery ";

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final ProducerTemplate camel;

    public DeliveryController(JdbcClient jdbc, ObjectMapper json, ProducerTemplate camel) {
        this.jdbc = jdbc;
        this.json = json;
        this.camel = camel;
    }

    /** The list's filters, every one optional; times are ISO-8601, e.g. 2026-01-31T00:00:00Z. */
    public record Filter(String endpointId, String status, String eventType, String email,
                         @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
                         @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to) {
    }

    @GetMapping
    public List<DeliveryView> list(Filter filter, @RequestParam(required = false) Integer limit,
                                   @RequestParam(required = false) Integer offset) {
        Page page = Page.of(limit, offset);
        return query(filter, "", page).query(DeliveryController::map).list();
    }

    @GetMapping("/{id}")
    public DeliveryView get(@PathVariable long id) {
        DeliveryView delivery = jdbc.sql(COLUMNS + "WHERE id = :id").param("id", id)
                .query(DeliveryController::map).optional()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No delivery with id " + id));
        String payload = jdbc.sql("SELECT payload FROM webhook_delivery WHERE id = :id").param("id", id)
                .query(String.class).optional().orElse(null);
        return delivery.withPayload(payload == null ? null : readTree(payload));
    }

    /** Runs a stored payload through processing again; {@code force} applies an already processed event again. */
    @PostMapping("/{id}/replay")
    public ResponseEntity<JsonNode> replay(@PathVariable long id, @RequestParam(defaultValue = "false") boolean force) {
        if (!jdbc.sql(COLUMNS + "WHERE id = :id").param("id", id).query(DeliveryController::map).optional().isPresent()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No delivery with id " + id);
        }
        if (!hasPayload(id)) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "Delivery " + id + " has no stored payload to replay: "
                    + "rejected requests and duplicates keep none, and retention deletes old ones.");
        }
        Exchange replayed = camel.send("direct:replay-event", exchange -> {
            exchange.setVariable("replayOf", id);
            exchange.setVariable("force", force);
        });
        ReplayResult result = result(replayed, id);
        return ResponseEntity.status(result.status()).contentType(MediaType.APPLICATION_JSON).body(result.body());
    }

    /** Replays every delivery the filter matches that has a payload (at most 500 per call, oldest first). */
    @PostMapping("/replay")
    public Map<String, Object> replayAll(Filter filter, @RequestParam(defaultValue = "false") boolean force,
                                         @RequestParam(required = false) Integer limit) {
        int max = limit == null ? 100 : limit;
        if (max < 1 || max > MAX_BULK_REPLAY) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be between 1 and " + MAX_BULK_REPLAY);
        }
        List<Long> newestFirst = query(filter, "AND payload IS NOT NULL ", Page.of(max, 0))
                .query((rs, row) -> rs.getLong("id")).list();
        List<Long> ids = new ArrayList<>(newestFirst);
        Collections.reverse(ids);
        Map<String, Integer> outcomes = new TreeMap<>();
        List<JsonNode> results = new ArrayList<>();
        for (long id : ids) {
            Exchange replayed = camel.send("direct:replay-event", exchange -> {
                exchange.setVariable("replayOf", id);
                exchange.setVariable("force", force);
            });
            JsonNode body = result(replayed, id).body();
            outcomes.merge(body.has("status") ? body.path("status").asText() : body.path("error").asText(), 1, Integer::sum);
            results.add(body);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("replayed", ids.size());
        summary.put("outcomes", outcomes);
        summary.put("results", results);
        return summary;
    }

    /** A replay's answer: what the platform would have been answered, and which delivery it replayed. */
    private record ReplayResult(int status, ObjectNode body) {
    }

    private ReplayResult result(Exchange replayed, long replayOf) {
        ObjectNode body = (ObjectNode) readTree(replayed.getMessage().getBody(String.class));
        body.put("replayOf", replayOf);
        return new ReplayResult(replayed.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class), body);
    }

    private boolean hasPayload(long id) {
        return jdbc.sql("SELECT COUNT(*) FROM webhook_delivery WHERE id = :id AND payload IS NOT NULL")
                .param("id", id).query(Long.class).single() == 1;
    }

    /** The filtered, newest-first query; every condition is a fixed fragment with a bound parameter. */
    private JdbcClient.StatementSpec query(Filter filter, String extraCondition, Page page) {
        if (filter.status() != null && !STATUSES.contains(filter.status())) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "status must be one of " + String.join(", ", STATUSES.stream().sorted().toList()));
        }
        StringBuilder sql = new StringBuilder(COLUMNS).append("WHERE 1 = 1 ");
        Map<String, Object> parameters = new LinkedHashMap<>();
        condition(sql, parameters, "endpoint_id = :endpointId", "endpointId", filter.endpointId());
        condition(sql, parameters, "outcome = :status", "status", filter.status());
        condition(sql, parameters, "event_type = :eventType", "eventType", filter.eventType());
        condition(sql, parameters, "LOWER(email) = :email", "email",
                filter.email() == null ? null : EmailAddress.key(filter.email().trim()));
        condition(sql, parameters, "received_at >= :from", "from", filter.from());
        condition(sql, parameters, "received_at < :to", "to", filter.to());
        sql.append(extraCondition).append("ORDER BY id DESC");
        if (page != null) {
            sql.append(" LIMIT :limit OFFSET :offset");
            parameters.put("limit", page.limit());
            parameters.put("offset", page.offset());
        }
        return jdbc.sql(sql.toString()).params(parameters);
    }

    private static void condition(StringBuilder sql, Map<String, Object> parameters, String fragment, String name,
                                  Object value) {
        if (value != null) {
            sql.append("AND ").append(fragment).append(' ');
            parameters.put(name, value);
        }
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("Stored JSON cannot be read", e);
        }
    }

    private static DeliveryView map(ResultSet rs, int row) throws SQLException {
        return new DeliveryView(rs.getLong("id"), rs.getString("endpoint_id"), rs.getString("provider"),
                rs.getString("event_id"), rs.getString("event_type"), rs.getString("outcome"),
                rs.getInt("http_status"), rs.getString("message"), rs.getString("email"),
                rs.getObject("contact_id", Long.class), rs.getString("trigger_event"),
                rs.getObject("received_at", OffsetDateTime.class), rs.getInt("latency_ms"),
                rs.getObject("replay_of", Long.class), rs.getBoolean("has_payload"), null);
    }
}
