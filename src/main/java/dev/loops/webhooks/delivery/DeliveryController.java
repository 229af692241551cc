package dev.loops.webhooks.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

import dev.loops.webhooks.api.Page;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The webhook log, newest first: {@code GET /api/deliveries?endpointId=&status=}. */
@RestController
@RequestMapping("/api/deliveries")
public class DeliveryController {

    static final Set<String> STATUSES = Set.of("processed", "duplicate", "ignored", "rejected", "unavailable", "failed");

    private final JdbcClient jdbc;

    public DeliveryController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping
    public List<DeliveryView> list(@RequestParam(required = false) String endpointId,
                                   @RequestParam(required = false) String status,
                                   @RequestParam(required = false) Integer limit,
                                   @RequestParam(required = false) Integer offset) {
        Page page = Page.of(limit, offset);
        if (status != null && !STATUSES.contains(status)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "status must be one of " + String.join(", ", STATUSES.stream().sorted().toList()));
        }
        return jdbc.sql("""
                        SELECT * FROM webhook_delivery
                        WHERE (CAST(:endpointId AS VARCHAR(64)) IS NULL OR endpoint_id = :endpointId)
                          AND (CAST(:status AS VARCHAR(16)) IS NULL OR outcome = :status)
                        ORDER BY id DESC LIMIT :limit OFFSET :offset
                        """)
                .param("endpointId", endpointId)
                .param("status", status)
                .param("limit", page.limit())
                .param("offset", page.offset())
                .query(DeliveryController::map)
                .list();
    }

    private static DeliveryView map(ResultSet rs, int row) throws SQLException {
        return new DeliveryView(rs.getLong("id"), rs.getString("endpoint_id"), rs.getString("provider"),
                rs.getString("event_id"), rs.getString("event_type"), rs.getString("outcome"),
                rs.getInt("http_status"), rs.getString("message"), rs.getString("email"),
                rs.getObject("contact_id", Long.class), rs.getString("trigger_event"),
                rs.getObject("received_at", OffsetDateTime.class), rs.getInt("latency_ms"));
    }
}
