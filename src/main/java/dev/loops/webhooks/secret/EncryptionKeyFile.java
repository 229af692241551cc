package dev.loops.webhooks.secret;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The file that holds the encryption key when {@code LOOPS_ENCRYPTION_KEY} is not set: base64 of the key and a
 * newline, readable and writable by its owner only.
 */
final class EncryptionKeyFile {

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private final Path path;
    private final boolean posix;

    EncryptionKeyFile(Path path) {
        this.path = path.toAbsolutePath().normalize();
        this.posix = this.path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    Path path() {
        return path;
    }

    /** The key in the file; empty when there is no file. */
    Optional<EncryptionKey> read() {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new EncryptionKeyException("The key file " + path + " cannot be read (" + e + ").",
                    "Let the service's user read it (and no one else: chmod 600), or set LOOPS_ENCRYPTION_KEY.");
        }
        try {
            return Optional.of(EncryptionKey.parse(text, "The key file " + path));
        } catch (EncryptionKeyException e) {
            throw new EncryptionKeyException(e.getDescription(), "Restore the file from your backup, or set "
                    + "LOOPS_ENCRYPTION_KEY to the key the stored secrets were encrypted with.");
        }
    }

    /**
     * Writes the key to the file if there is none, atomically: another process sees either no file or the whole
     * key, never a part of it, and of two processes creating it at once exactly one succeeds.
     *
     * @return false when the file was already there (another instance sharing the file wrote it first)
     */
    boolean create(EncryptionKey key) {
        Path directory = path.getParent();
        Path temporary = null;
        try {
            Files.createDirectories(directory, ownerOnly(OWNER_ONLY_DIRECTORY));
            temporary = Files.createTempFile(directory, ".secret-key-", ".tmp", ownerOnly(OWNER_ONLY_FILE));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap((key.toBase64() + "\n").getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            // a hard link appears complete or not at all, and unlike a rename it never replaces an existing file
            Files.createLink(path, temporary);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            throw new EncryptionKeyException("The key file " + path + " cannot be created (" + e + ").",
                    "Let the service's user write to " + directory + ", point LOOPS_ENCRYPTION_KEY_FILE at a "
                            + "writable place, or set LOOPS_ENCRYPTION_KEY (openssl rand -base64 32).");
        } finally {
            deleteQuietly(temporary);
        }
    }

    void delete() {
        deleteQuietly(path);
    }

    /** The file's permissions when others than its owner have any, like {@code rw-r--r--}. */
    Optional<String> widerThanOwnerOnly() {
        if (!posix) {
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            return OWNER.containsAll(permissions) ? Optional.empty()
                    : Optional.of(PosixFilePermissions.toString(permissions));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private FileAttribute<?>[] ownerOnly(Set<PosixFilePermission> permissions) {
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temporary file is owner-only like the key file; nothing to stop the start for
        }
    }
}
