package dev.loops.webhooks.secret;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the database holds about secrets at rest: the values in every declared secret column, and the
 * fingerprint of the key they are sealed with (in {@code app_setting}, beside the admin token's hash). Table and
 * column names come from {@link SecretColumns}, which admits plain identifiers only; values are always parameters.
 */
@Repository
public class StoredSecrets {

    static final String FINGERPRINT_SETTING = "encryption_key_fingerprint";
    private static final String SEALED = SecretCipher.PREFIX + "%";

    /** A value stored in plain text, where it was read. */
    public record PlainSecret(String table, String idColumn, String column, String id, String value) {
        @Override
        public String toString() {
            return table + "." + column + " of " + idColumn + " " + id;
        }
    }

    private final JdbcClient jdbc;
    private final List<SecretColumns> declared;

    public StoredSecrets(JdbcClient jdbc, List<SecretColumns> declared) {
        this.jdbc = jdbc;
        this.declared = List.copyOf(declared);
    }

    public Optional<String> keyFingerprint() {
        return jdbc.sql("SELECT setting_value FROM app_setting WHERE name = :name")
                .param("name", FINGERPRINT_SETTING)
                .query(String.class)
                .optional();
    }

    /** Records the fingerprint unless one is already there: of instances starting at once, the first one wins. */
    public void recordKeyFingerprint(String fingerprint) {
        jdbc.sql("INSERT INTO app_setting (name, setting_value) VALUES (:name, :value) ON CONFLICT DO NOTHING")
                .param("name", FINGERPRINT_SETTING)
                .param("value", fingerprint)
                .update();
    }

    /** One encrypted value from any secret column, to try a key on. */
    public Optional<String> anyEncryptedValue() {
        for (SecretColumns table : declared) {
            for (String column : table.columns()) {
                Optional<String> value = jdbc.sql("SELECT " + column + " FROM " + table.table()
                                + " WHERE " + column + " LIKE :sealed LIMIT 1")
                        .param("sealed", SEALED)
                        .query(String.class)
                        .optional();
                if (value.isPresent()) {
                    return value;
                }
            }
        }
        return Optional.empty();
    }

    public List<PlainSecret> plainSecrets() {
        List<PlainSecret> plain = new ArrayList<>();
        for (SecretColumns table : declared) {
            for (String column : table.columns()) {
                plain.addAll(jdbc.sql("SELECT " + table.idColumn() + ", " + column + " FROM " + table.table()
                                + " WHERE " + column + " IS NOT NULL AND " + column + " NOT LIKE :sealed")
                        .param("sealed", SEALED)
                        .query((rs, row) -> new PlainSecret(table.table(), table.idColumn(), column,
                                rs.getString(1), rs.getString(2)))
                        .list());
            }
        }
        return plain;
    }

    /**
     * Replaces a plain value with its sealed form, only if the row still holds that plain value: a value changed
     * meanwhile (by the admin API on another instance) is left as it is now.
     */
    public boolean replace(PlainSecret plain, String sealed) {
        return jdbc.sql("UPDATE " + plain.table() + " SET " + plain.column() + " = :sealed"
                        + " WHERE " + plain.idColumn() + " = :id AND " + plain.column() + " = :plain")
                .param("sealed", sealed)
                .param("id", plain.id())
                .param("plain", plain.value())
                .update() == 1;
    }
}
