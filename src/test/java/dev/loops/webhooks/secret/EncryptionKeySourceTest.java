package dev.loops.webhooks.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.loops.webhooks.config.LoopsProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Where the key comes from, and how a lost, different or concurrently made key is caught, on a real database. */
@ExtendWith(OutputCaptureExtension.class)
class EncryptionKeySourceTest {

    private static final int RACE_ROUNDS = 10;

    @TempDir
    Path dir;

    private final KeyDatabase database = new KeyDatabase();

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void aFirstStartMakesAnOwnerOnlyKeyFileAndNamesItInTheLog(CapturedOutput output) throws Exception {
        Path keyFile = dir.resolve("data/secret.key");

        EncryptionKey key = load(database, keyFile, "");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent()))).isEqualTo("rwx------");
        assertThat(Files.list(keyFile.getParent()).map(Path::getFileName).map(Path::toString)).containsExactly("secret.key");
        assertThat(EncryptionKey.parse(Files.readString(keyFile), "the file").fingerprint()).isEqualTo(key.fingerprint());
        assertThat(database.storedSecrets().keyFingerprint()).contains(key.fingerprint());
        assertThat(output.getOut()).contains("Generated the key that encrypts stored secrets in " + keyFile)
                .doesNotContain(key.toBase64());

        EncryptionKey again = load(database, keyFile, "");

        assertThat(again.fingerprint()).isEqualTo(key.fingerprint());
        assertThat(output.getOut()).contains("Stored secrets are encrypted with the key in " + keyFile);
    }

    @Test
    void aDatabaseWithAKeyButNoKeyFileStopsTheStartAndMakesNoKey() {
        load(database, dir.resolve("first/secret.key"), "");
        Path elsewhere = dir.resolve("second/secret.key");

        assertThatThrownBy(() -> load(database, elsewhere, ""))
                .isInstanceOf(EncryptionKeyException.class)
                .hasMessageContaining("the key file " + elsewhere + " does not exist")
                .hasMessageContaining("LOOPS_ENCRYPTION_KEY");
        assertThat(elsewhere).doesNotExist();
    }

    @Test
    void secretsSealedBeforeFingerprintsWereKeptAcceptOnlyTheirKey() {
        EncryptionKey original = EncryptionKey.generate();
        database.insertEndpoint("we_sealed_before_fingerprints_00", new SecretCipher(original).seal("whsec_old_0123456789"));
        Path keyFile = dir.resolve("secret.key");

        assertThatThrownBy(() -> load(database, keyFile, ""))
                .hasMessageContaining("does not exist");
        assertThat(keyFile).doesNotExist();
        assertThatThrownBy(() -> load(database, keyFile, EncryptionKey.generate().toBase64()))
                .hasMessageContaining("LOOPS_ENCRYPTION_KEY is not the key the stored secrets were encrypted with");
        assertThat(database.storedSecrets().keyFingerprint()).isEmpty();

        assertThat(load(database, keyFile, original.toBase64()).fingerprint()).isEqualTo(original.fingerprint());
        assertThat(database.storedSecrets().keyFingerprint()).contains(original.fingerprint());
    }

    @Test
    void aConfiguredKeyIsUsedAndNoKeyFileIsMade(CapturedOutput output) {
        EncryptionKey configured = EncryptionKey.generate();
        Path keyFile = dir.resolve("data/secret.key");

        assertThat(load(database, keyFile, configured.toBase64()).fingerprint()).isEqualTo(configured.fingerprint());

        assertThat(keyFile.getParent()).doesNotExist();
        assertThat(output.getOut()).contains("Stored secrets are encrypted with the key from LOOPS_ENCRYPTION_KEY")
                .doesNotContain(configured.toBase64());
    }

    @Test
    void aKeyFileOpenToOtherUsersIsUsedWithAWarning(CapturedOutput output) throws Exception {
        Path keyFile = dir.resolve("secret.key");
        EncryptionKey key = load(database, keyFile, "");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(load(database, keyFile, "").fingerprint()).isEqualTo(key.fingerprint());

        assertThat(output.getOut()).contains("WARN").contains("The key file " + keyFile
                + " is open to other users (rw-r--r--); make it readable by the service's user only: chmod 600 " + keyFile);
    }

    @Test
    void aKeyFileThatHoldsNoKeyStopsTheStartAndIsLeftAsItIs() throws Exception {
        Path keyFile = dir.resolve("secret.key");
        Files.writeString(keyFile, "");

        assertThatThrownBy(() -> load(database, keyFile, ""))
                .hasMessageContaining("The key file " + keyFile + " must be 32 bytes")
                .hasMessageContaining("Restore the file from your backup");
        assertThat(keyFile).isEmptyFile();
    }

    @Test
    void instancesStartingAtOnceWithKeyFilesOfTheirOwnEndWithOneKey() throws Exception {
        int racesLost = 0;
        for (int round = 0; round < RACE_ROUNDS; round++) {
            try (KeyDatabase shared = new KeyDatabase()) {
                Path fileA = dir.resolve(round + "/a/secret.key");
                Path fileB = dir.resolve(round + "/b/secret.key");

                List<Outcome> outcomes = startAtOnce(() -> load(shared, fileA, ""), () -> load(shared, fileB, ""));

                assertThat(outcomes).filteredOn(outcome -> outcome.key() != null).hasSize(1);
                int winner = outcomes.get(0).key() != null ? 0 : 1;
                EncryptionKey key = outcomes.get(winner).key();
                Path winnerFile = winner == 0 ? fileA : fileB;
                Path loserFile = winner == 0 ? fileB : fileA;
                String failure = outcomes.get(1 - winner).failure().getMessage();
                // the other instance either lost the race to record its new key, or saw the winner's recorded already
                assertThat(failure).containsAnyOf("Another instance on this database made its own encryption key",
                        "does not exist");
                racesLost += failure.contains("Another instance") ? 1 : 0;
                assertThat(loserFile).doesNotExist();
                assertThat(new EncryptionKeyFile(winnerFile).read().orElseThrow().fingerprint()).isEqualTo(key.fingerprint());
                assertThat(shared.storedSecrets().keyFingerprint()).contains(key.fingerprint());
            }
        }
        System.out.println("instances that made a key and lost the race to record it: " + racesLost + " of " + RACE_ROUNDS);
    }

    @Test
    void instancesStartingAtOnceOnOneKeyFileShareItsKey() throws Exception {
        for (int round = 0; round < RACE_ROUNDS; round++) {
            try (KeyDatabase shared = new KeyDatabase()) {
                Path keyFile = dir.resolve(round + "/secret.key");

                List<Outcome> outcomes = startAtOnce(() -> load(shared, keyFile, ""), () -> load(shared, keyFile, ""));

                String inFile = new EncryptionKeyFile(keyFile).read().orElseThrow().fingerprint();
                assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.key()).as("%s", outcome.failure()).isNotNull()
                        .extracting(EncryptionKey::fingerprint).isEqualTo(inFile));
                assertThat(shared.storedSecrets().keyFingerprint()).contains(inFile);
                assertThat(Files.list(keyFile.getParent())).hasSize(1);
            }
        }
    }

    private static EncryptionKey load(KeyDatabase database, Path keyFile, String configuredKey) {
        LoopsProperties properties = new LoopsProperties();
        properties.setEncryptionKeyFile(keyFile.toString());
        properties.setEncryptionKey(configuredKey);
        return new EncryptionKeySource(properties, database.storedSecrets()).load();
    }

    private record Outcome(EncryptionKey key, EncryptionKeyException failure) { }

    private static List<Outcome> startAtOnce(Callable<EncryptionKey> first, Callable<EncryptionKey> second) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<EncryptionKey>> started = new ArrayList<>();
            for (Callable<EncryptionKey> start : List.of(first, second)) {
                started.add(threads.submit(() -> {
                    barrier.await();
                    return start.call();
                }));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<EncryptionKey> future : started) {
                try {
                    outcomes.add(new Outcome(future.get(30, TimeUnit.SECONDS), null));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof EncryptionKeyException failure)) {
                        throw e;
                    }
                    outcomes.add(new Outcome(null, failure));
                }
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }
}
