package dev.loops.webhooks.secret;

import java.util.List;

import dev.loops.webhooks.support.ScratchDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A database of its own for tests of the key checks ({@link ScratchDatabase}: on PostgreSQL too, so races run there). */
final class KeyDatabase implements AutoCloseable {

    static final SecretColumns ENDPOINT_SECRETS = new SecretColumns("webhook_endpoint", "id",
            List.of("signing_secret", "previous_signing_secret", "api_key"));

    private final ScratchDatabase database = new ScratchDatabase().migrated();
    final JdbcClient jdbc = database.jdbc;

    StoredSecrets storedSecrets() {
        return new StoredSecrets(jdbc, List.of(ENDPOINT_SECRETS));
    }

    /** An endpoint row as an older version left it, or with a value sealed under some key. */
    void insertEndpoint(String id, String signingSecret) {
        jdbc.sql("""
                        INSERT INTO webhook_endpoint (id, provider, name, signing_secret, event_settings, created_at, updated_at)
                        VALUES (:id, 'stripe', 'Stripe', :secret, '{}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
                        """)
                .param("id", id).param("secret", signingSecret).update();
    }

    @Override
    public void close() {
        database.close();
    }
}
