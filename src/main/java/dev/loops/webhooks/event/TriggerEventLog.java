package dev.loops.webhooks.event;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loops.webhooks.api.Page;
import dev.loops.webhooks.contact.EmailAddress;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Every trigger event, newest first, with its publish state, for the admin API and the console; those of a deleted
 * contact too (their contactId is null).
 */
@Component
public class TriggerEventLog {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public TriggerEventLog(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public List<TriggerEventView> list(String email, String name, Page page) {
        return jdbc.sql("""
                        SELECT e.* FROM trigger_event e LEFT JOIN contact c ON c.id = e.contact_id
                        WHERE (CAST(:emailKey AS VARCHAR(320)) IS NULL OR c.email_key = :emailKey
                               OR (c.id IS NULL AND LOWER(e.email) = :emailKey))
                          AND (CAST(:name AS VARCHAR(100)) IS NULL OR e.event_name = :name)
                        ORDER BY e.seq DESC LIMIT :limit OFFSET :offset
                        """)
                .param("emailKey", email == null || email.isBlank() ? null : EmailAddress.key(email.trim()))
                .param("name", name == null || name.isBlank() ? null : name.trim())
                .param("limit", page.limit())
                .param("offset", page.offset())
                .query(this::map)
                .list();
    }

    /** A contact's trigger events, newest first. */
    public List<TriggerEventView> ofContact(long contactId, Page page) {
        return jdbc.sql("SELECT * FROM trigger_event WHERE contact_id = :contactId ORDER BY seq DESC LIMIT :limit OFFSET :offset")
                .param("contactId", contactId)
                .param("limit", page.limit())
                .param("offset", page.offset())
                .query(this::map)
                .list();
    }

    private TriggerEventView map(ResultSet rs, int row) throws SQLException {
        OffsetDateTime publishedAt = rs.getObject("published_at", OffsetDateTime.class);
        try {
            return new TriggerEventView(rs.getString("id"), rs.getString("event_name"), rs.getString("email"),
                    rs.getObject("contact_id", Long.class), rs.getString("endpoint_id"), rs.getString("source_event_id"),
                    rs.getString("source_event_type"), rs.getObject("occurred_at", OffsetDateTime.class),
                    rs.getObject("created_at", OffsetDateTime.class), publishedAt != null, publishedAt,
                    json.readTree(rs.getString("record")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored trigger event record is not JSON", e);
        }
    }
}
