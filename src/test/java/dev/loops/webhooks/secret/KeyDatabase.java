package dev.loops.webhooks.secret;

import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A database of its own, migrated by Flyway, for tests of the key checks: a fresh in-memory H2 database, or a
 * fresh schema in the PostgreSQL database CI names in SPRING_DATASOURCE_URL (so races run on PostgreSQL too).
 */
final class KeyDatabase implements AutoCloseable {

    static final SecretColumns ENDPOINT_SECRETS = new SecretColumns("webhook_endpoint", "id",
            List.of("signing_secret", "previous_signing_secret", "api_key"));

    private final String schema;
    private final DriverManagerDataSource base;
    final JdbcClient jdbc;

    KeyDatabase() {
        String url = System.getenv("SPRING_DATASOURCE_URL");
        String name = "keys_" + UUID.randomUUID().toString().replace("-", "");
        DataSource dataSource;
        if (url != null && url.startsWith("jdbc:postgresql:")) {
            schema = name;
            base = new DriverManagerDataSource(url, env("SPRING_DATASOURCE_USERNAME", "postgres"),
                    env("SPRING_DATASOURCE_PASSWORD", ""));
            JdbcClient.create(base).sql("CREATE SCHEMA " + schema).update();
            dataSource = new DriverManagerDataSource(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                    base.getUsername(), base.getPassword());
        } else {
            schema = null;
            base = null;
            dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + name
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        }
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(dataSource);
    }

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
        if (schema != null) {
            JdbcClient.create(base).sql("DROP SCHEMA " + schema + " CASCADE").update();
        } else {
            jdbc.sql("SHUTDOWN").update();
        }
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null ? otherwise : value;
    }
}
