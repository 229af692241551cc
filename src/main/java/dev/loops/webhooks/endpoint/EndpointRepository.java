package dev.loops.webhooks.endpoint;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loops.webhooks.secret.SecretCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The endpoint table. Its secret columns ({@link EndpointSecrets}) are sealed on write and opened on read. */
@Repository
public class EndpointRepository {

    private static final TypeReference<TreeMap<String, EventSettings>> EVENTS = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final SecretCipher cipher;

    public EndpointRepository(JdbcClient jdbc, ObjectMapper json, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.json = json;
        this.cipher = cipher;
    }

    public Optional<WebhookEndpoint> findById(String id) {
        return jdbc.sql("SELECT * FROM webhook_endpoint WHERE id = :id")
                .param("id", id)
                .query(this::map)
                .optional();
    }

    public List<WebhookEndpoint> findAll() {
        return jdbc.sql("SELECT * FROM webhook_endpoint ORDER BY created_at, id").query(this::map).list();
    }

    public List<WebhookEndpoint> findManagedBy(String managedBy) {
        return jdbc.sql("SELECT * FROM webhook_endpoint WHERE managed_by = :managedBy ORDER BY id")
                .param("managedBy", managedBy)
                .query(this::map)
                .list();
    }

    public boolean isEmpty() {
        return jdbc.sql("SELECT COUNT(*) FROM webhook_endpoint").query(Long.class).single() == 0;
    }

    public void insert(WebhookEndpoint endpoint) {
        jdbc.sql("""
                INSERT INTO webhook_endpoint (id, provider, name, signing_secret, previous_signing_secret,
                    previous_secret_expires_at, user_group, event_settings, api_key, enabled, managed_by,
                    created_at, updated_at)
                VALUES (:id, :provider, :name, :signingSecret, :previousSigningSecret,
                    :previousSecretExpiresAt, :userGroup, :events, :apiKey, :enabled, :managedBy,
                    :createdAt, :updatedAt)
                """)
                .params(parameters(endpoint))
                .update();
    }

    public void update(WebhookEndpoint endpoint) {
        jdbc.sql("""
                UPDATE webhook_endpoint SET provider = :provider, name = :name, signing_secret = :signingSecret,
                    previous_signing_secret = :previousSigningSecret, previous_secret_expires_at = :previousSecretExpiresAt,
                    user_group = :userGroup, event_settings = :events, api_key = :apiKey,
                    enabled = :enabled, managed_by = :managedBy,
                    updated_at = :updatedAt
                WHERE id = :id
                """)
                .params(parameters(endpoint))
                .update();
    }

    public boolean delete(String id) {
        return jdbc.sql("DELETE FROM webhook_endpoint WHERE id = :id").param("id", id).update() == 1;
    }

    private Map<String, Object> parameters(WebhookEndpoint endpoint) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("id", endpoint.id());
        parameters.put("provider", endpoint.provider());
        parameters.put("name", endpoint.name());
        parameters.put("signingSecret", cipher.seal(endpoint.signingSecret()));
        parameters.put("previousSigningSecret", cipher.seal(endpoint.previousSigningSecret()));
        parameters.put("previousSecretExpiresAt", endpoint.previousSecretExpiresAt());
        parameters.put("userGroup", endpoint.userGroup());
        parameters.put("events", writeEvents(endpoint.events()));
        parameters.put("apiKey", cipher.seal(endpoint.apiKey()));
        parameters.put("enabled", endpoint.enabled());
        parameters.put("managedBy", endpoint.managedBy());
        parameters.put("createdAt", endpoint.createdAt());
        parameters.put("updatedAt", endpoint.updatedAt());
        return parameters;
    }

    private WebhookEndpoint map(ResultSet rs, int row) throws SQLException {
        return new WebhookEndpoint(
                rs.getString("id"),
                rs.getString("provider"),
                rs.getString("name"),
                cipher.open(rs.getString("signing_secret")),
                cipher.open(rs.getString("previous_signing_secret")),
                rs.getObject("previous_secret_expires_at", OffsetDateTime.class),
                rs.getString("user_group"),
                readEvents(rs.getString("event_settings")),
                cipher.open(rs.getString("api_key")),
                rs.getBoolean("enabled"),
                rs.getString("managed_by"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }

    private String writeEvents(Map<String, EventSettings> events) {
        try {
            return json.writeValueAsString(new TreeMap<>(events));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event settings cannot be written as JSON", e);
        }
    }

    private Map<String, EventSettings> readEvents(String text) {
        try {
            return json.readValue(text, EVENTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored event settings are not valid JSON", e);
        }
    }
}
