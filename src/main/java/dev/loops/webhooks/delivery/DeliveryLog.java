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
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loops.webhooks.api.Page;
import dev.loops.webhooks.contact.EmailAddress;
import io.swagger.v3.oas.annotations.Parameter;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * The webhook log, for the admin API and the console: deliveries newest first and filtered, one with its stored
 * payload, the newest of each endpoint, and replays of stored payloads through the route of the platform that
 * delivered them.
 */
@Component
public class DeliveryLog {

    public static final Set<String> STATUSES = Set.of("processed", "duplicate", "ignored", "rejected", "unavailable", "failed");
    public static final int MAX_BULK_REPLAY = 500;

    private static final String COLUMNS = "SELECT id, endpoint_id, provider, event_id, event_type, outcome, http_status, "
            + "message, email, contact_id, trigger_event, received_at, latency_ms, replay_of, "
            + "COALESCE(origin, 'webhook') AS origin, CASE WHEN payload IS NULL THEN FALSE ELSE TRUE END AS has_payload FROM webhook_delivery ";

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final ProducerTemplate camel;

    public DeliveryLog(JdbcClient jdbc, ObjectMapper json, ProducerTemplate camel) {
        this.jdbc = jdbc;
        this.json = json;
        this.camel = camel;
    }

    /** The list's filters, every one optional; times are ISO-8601, e.g. 2026-01-31T00:00:00Z. */
    public record Filter(String endpointId,
                         @Parameter(description = "processed, duplicate, ignored, rejected, unavailable or failed")
                         String status,
                         @Parameter(description = "The platform's event type, e.g. invoice.paid") String eventType,
                         String email,
                         @Parameter(description = "Received at or after, e.g. 2026-01-31T00:00:00Z")
                         @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
                         @Parameter(description = "Received before")
                         @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to) {

        public static final Filter NONE = new Filter(null, null, null, null, null, null);

        /** Blank fields (an empty form field) filter nothing. */
        public Filter normalized() {
            return new Filter(blankToNull(endpointId), blankToNull(status), blankToNull(eventType), blankToNull(email), from, to);
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.trim();
        }
    }

    /** A replay's answer: the HTTP status and body the platform would have been answered, and what it replayed. */
    public record ReplayResult(int status, ObjectNode body) {

        /** processed, duplicate, ignored, ... or the error's name. */
        public String outcome() {
            return body.has("status") ? body.path("status").asText() : body.path("error").asText();
        }
    }

    public List<DeliveryView> list(Filter filter, Page page) {
        return query(filter, "", page).query(DeliveryLog::map).list();
    }

    public DeliveryView get(long id) {
        DeliveryView delivery = find(id);
        String payload = jdbc.sql("SELECT payload FROM webhook_delivery WHERE id = :id").param("id", id)
                .query(String.class).optional().orElse(null);
        return delivery.withPayload(payload == null ? null : readTree(payload));
    }

    /** The newest delivery of each endpoint, by endpoint id. */
    public Map<String, DeliveryView> newestPerEndpoint() {
        Map<String, DeliveryView> newest = new LinkedHashMap<>();
        jdbc.sql(COLUMNS + "WHERE id IN (SELECT MAX(id) FROM webhook_delivery GROUP BY endpoint_id)")
                .query(DeliveryLog::map).list()
                .forEach(delivery -> newest.put(delivery.endpointId(), delivery));
        return newest;
    }

    /** Runs a stored payload through processing again; {@code force} applies an already processed event again. */
    public ReplayResult replay(long id, boolean force) {
        find(id);
        if (!hasPayload(id)) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "Delivery " + id + " has no stored payload to replay: "
                    + "rejected requests and duplicates keep none, and retention deletes old ones.");
        }
        return send(id, force);
    }

    /** The deliveries a bulk replay of the filter would replay: those with a payload, at most {@code max}, oldest first. */
    public List<Long> replayable(Filter filter, int max) {
        if (max < 1 || max > MAX_BULK_REPLAY) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be between 1 and " + MAX_BULK_REPLAY);
        }
        List<Long> ids = new ArrayList<>(query(filter, "AND payload IS NOT NULL ", Page.of(max, 0))
                .query((rs, row) -> rs.getLong("id")).list());
        Collections.reverse(ids);
        return ids;
    }

    /** Replays each delivery in turn, telling {@code each} every result as it comes. */
    public List<ReplayResult> replayAll(List<Long> ids, boolean force, Consumer<ReplayResult> each) {
        List<ReplayResult> results = new ArrayList<>();
        for (long id : ids) {
            ReplayResult result = send(id, force);
            results.add(result);
            each.accept(result);
        }
        return results;
    }

    private ReplayResult send(long id, boolean force) {
        Exchange replayed = camel.send("direct:replay-event", exchange -> {
            exchange.setVariable("replayOf", id);
            exchange.setVariable("force", force);
        });
        ObjectNode body = (ObjectNode) readTree(replayed.getMessage().getBody(String.class));
        body.put("replayOf", id);
        return new ReplayResult(replayed.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class), body);
    }

    private DeliveryView find(long id) {
        return jdbc.sql(COLUMNS + "WHERE id = :id").param("id", id)
                .query(DeliveryLog::map).optional()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No delivery with id " + id));
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
                rs.getObject("replay_of", Long.class), rs.getString("origin"), rs.getBoolean("has_payload"), null);
    }
}
