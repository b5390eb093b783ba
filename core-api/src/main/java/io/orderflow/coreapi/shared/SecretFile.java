package io.orderflow.coreapi.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * A key generated once and kept in a file only its owner can read, so that it survives restarts without anyone
 * having to configure it: the embedded default keeps the tracking links' key and the key-encryption key of personal
 * data next to its orders. The file is written
 * under a temporary name and linked into place, so a reader never sees half a key and two starting instances end up
 * with the same one.
 */
public final class SecretFile {

    public static final int KEY_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private SecretFile() {
    }

    /** The key stored in {@code file}, made and stored first if the file does not exist yet. */
    public static byte[] readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            String stored = Files.readString(file, StandardCharsets.US_ASCII).strip();
            byte[] key = Base64.getUrlDecoder().decode(stored);
            if (key.length < 16) {
                throw new IllegalStateException("the secret in " + file + " is too short");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret " + file, e);
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalStateException("the secret in " + file + " is not base64url", notBase64);
        }
    }

    private static void create(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Path temporary = ownerOnlyTemporaryFile(dir);
        try {
            Files.writeString(temporary, Base64.getUrlEncoder().withoutPadding().encodeToString(key) + "\n",
                    StandardCharsets.US_ASCII);
            try {
                // a hard link is made atomically and never replaces: whoever was first keeps the key
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException someoneElseWasFirst) {
                // theirs is read below
            } catch (UnsupportedOperationException | IOException noHardLinks) {
                try {
                    Files.move(temporary, file);
                } catch (FileAlreadyExistsException someoneElseWasFirst) {
                    // theirs is read below
                }
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static Path ownerOnlyTemporaryFile(Path dir) throws IOException {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
            return Files.createTempFile(dir, ".secret-", ".tmp", ownerOnly);
        }
        // elsewhere (Windows) a file in the user's own data directory is readable by that user and administrators
        return Files.createTempFile(dir, ".secret-", ".tmp");
    }
}
