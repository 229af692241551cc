package dev.loops.webhooks.secret;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The columns of one table that hold secrets. Each feature declares its own as a bean; the repository writing
 * them seals each value with {@link SecretCipher}, and at start {@link SecretsAtRest} encrypts any still stored
 * in plain text and {@link EncryptionKeySource} looks in them for encrypted data before it makes a new key.
 */
public record SecretColumns(String table, String idColumn, List<String> columns) {

    // the names become part of SQL statements, so they must be plain identifiers
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]*");

    public SecretColumns {
        columns = List.copyOf(columns);
        for (String name : Stream.concat(Stream.of(table, idColumn), columns.stream()).toList()) {
            if (!IDENTIFIER.matcher(name).matches()) {
                throw new IllegalArgumentException("Not a plain SQL identifier: " + name);
            }
        }
    }
}
