package dev.loops.webhooks.secret;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

import dev.loops.webhooks.config.LoopsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the key that seals stored secrets, and makes sure it is the one the database's secrets are sealed with:
 * {@code LOOPS_ENCRYPTION_KEY} when set; else the key file ({@code LOOPS_ENCRYPTION_KEY_FILE}, default
 * {@code data/secret.key}); else, on a database that holds no encrypted secret and no key fingerprint, a new key
 * written to the key file. A missing or different key stops the start: a new key over sealed secrets would
 * leave them unreadable.
 */
public class EncryptionKeySource {

    private static final Logger LOG = LoggerFactory.getLogger(EncryptionKeySource.class);

    private final LoopsProperties properties;
    private final StoredSecrets stored;

    public EncryptionKeySource(LoopsProperties properties, StoredSecrets stored) {
        this.properties = properties;
        this.stored = stored;
    }

    public EncryptionKey load() {
        String configured = properties.getEncryptionKey();
        return configured == null || configured.isBlank() ? fromKeyFile(keyFile()) : fromConfiguration(configured);
    }

    private EncryptionKey fromConfiguration(String configured) {
        EncryptionKey key = EncryptionKey.parse(configured, "LOOPS_ENCRYPTION_KEY (loops.encryption-key)");
        requireDatabaseKey(key, () -> new EncryptionKeyException(
                "LOOPS_ENCRYPTION_KEY is not the key the stored secrets were encrypted with.",
                "Set it to that key, or unset it if the key file " + keyFile().path() + " holds that key."));
        LOG.info("Stored secrets are encrypted with the key from LOOPS_ENCRYPTION_KEY");
        return key;
    }

    private EncryptionKey fromKeyFile(EncryptionKeyFile file) {
        Optional<EncryptionKey> inFile = file.read();
        if (inFile.isEmpty()) {
            Optional<EncryptionKey> generated = generateInto(file);
            if (generated.isPresent()) {
                return generated.get();
            }
            // another instance sharing the file wrote it first: use its key
            inFile = file.read();
        }
        EncryptionKey key = inFile.orElseThrow();
        requireDatabaseKey(key, () -> new EncryptionKeyException(
                "The key in " + file.path() + " is not the key the stored secrets were encrypted with.",
                "Restore the key file that was in use, or set LOOPS_ENCRYPTION_KEY to the key they were encrypted with."));
        // a warning, not a refusal: Docker and Kubernetes secrets are mounted readable by all (0444) inside the container
        file.widerThanOwnerOnly().ifPresent(permissions -> LOG.warn(
                "The key file {} is open to other users ({}); make it readable by the service's user only: chmod 600 {}",
                file.path(), permissions, file.path()));
        LOG.info("Stored secrets are encrypted with the key in {}", file.path());
        return key;
    }

    /** @return empty when another instance sharing the key file created it first */
    private Optional<EncryptionKey> generateInto(EncryptionKeyFile file) {
        if (stored.keyFingerprint().isPresent() || stored.anyEncryptedValue().isPresent()) {
            // an instance sharing the key file creates the file before it records the fingerprint: if the
            // fingerprint is there, so is its file, unless the file is really missing
            if (file.read().isPresent()) {
                return Optional.empty();
            }
            throw new EncryptionKeyException("The stored secrets are encrypted, but the key file " + file.path()
                    + " does not exist (and LOOPS_ENCRYPTION_KEY is not set).",
                    "Restore that file from your backup (or point LOOPS_ENCRYPTION_KEY_FILE at it), or set "
                            + "LOOPS_ENCRYPTION_KEY to the key the secrets were encrypted with. No new key is "
                            + "made: it could not open them.");
        }
        EncryptionKey generated = EncryptionKey.generate();
        if (!file.create(generated)) {
            return Optional.empty();
        }
        requireDatabaseKey(generated, () -> {
            file.delete();
            return new EncryptionKeyException("Another instance on this database made its own encryption key "
                    + "at the same moment, so the key this one made (" + file.path() + ") was removed.",
                    "Instances on one database need one key: set the same LOOPS_ENCRYPTION_KEY on each "
                            + "(the content of the other instance's key file), or share one key file.");
        });
        LOG.info("Generated the key that encrypts stored secrets in {}: back it up with the database, "
                + "the secrets cannot be read without it", file.path());
        return Optional.of(generated);
    }

    private EncryptionKeyFile keyFile() {
        return new EncryptionKeyFile(Path.of(properties.getEncryptionKeyFile()));
    }

    /**
     * Records the key's fingerprint on a database that has none, then requires the recorded one to be this key's.
     * A database sealed before fingerprints were kept first has the key tried on one of its sealed values.
     */
    private void requireDatabaseKey(EncryptionKey key, Supplier<EncryptionKeyException> otherKey) {
        if (stored.keyFingerprint().isEmpty()) {
            Optional<String> sealed = stored.anyEncryptedValue();
            if (sealed.isPresent() && !new SecretCipher(key).opens(sealed.get())) {
                throw otherKey.get();
            }
            stored.recordKeyFingerprint(key.fingerprint());
        }
        if (!stored.keyFingerprint().orElseThrow().equals(key.fingerprint())) {
            throw otherKey.get();
        }
    }
}
