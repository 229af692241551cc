package dev.loops.webhooks.support;

import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A database of a test's own, migrated by Flyway as the service migrates it: a fresh in-memory H2 database, or a
 * fresh schema in the PostgreSQL database CI names in SPRING_DATASOURCE_URL (so the test runs on PostgreSQL too).
 */
public final class ScratchDatabase implements AutoCloseable {

    private final String schema;
    private final DriverManagerDataSource base;
    private final DataSource dataSource;
    private final String vendor;
    public final JdbcClient jdbc;

    public ScratchDatabase() {
        String url = System.getenv("SPRING_DATASOURCE_URL");
        String name = "scratch_" + UUID.randomUUID().toString().replace("-", "");
        if (url != null && url.startsWith("jdbc:postgresql:")) {
            schema = name;
            vendor = "postgresql";
            base = new DriverManagerDataSource(url, env("SPRING_DATASOURCE_USERNAME", "postgres"),
                    env("SPRING_DATASOURCE_PASSWORD", ""));
            JdbcClient.create(base).sql("CREATE SCHEMA " + schema).update();
            dataSource = new DriverManagerDataSource(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                    base.getUsername(), base.getPassword());
        } else {
            schema = null;
            vendor = "h2";
            base = null;
            dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + name
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        }
        jdbc = JdbcClient.create(dataSource);
    }

    /** Every migration, as at the service's start. */
    public ScratchDatabase migrated() {
        flyway("latest").migrate();
        return this;
    }

    /**
     * The migrations up to this version (or the highest below it, where this database has no migration of that
     * version): the schema an older version of the service ran on.
     */
    public ScratchDatabase migratedTo(String version) {
        flyway(version + "?").migrate();
        return this;
    }

    private Flyway flyway(String target) {
        return Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
                .target(target)
                .load();
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
