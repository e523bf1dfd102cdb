package dev.tuner.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * The file of an SQLite study database, watched for the whole time a storage is open. SQLite's open connections keep
 * writing to a database file that was deleted (or replaced, for example by a checkout), so a study would report
 * success while its trials went nowhere; {@link #check()} notices it before each transaction.
 *
 * <p>The file is held open, which keeps its inode allocated: a file created later at the same path cannot get the
 * same file key, so an equal key means the same file.
 */
final class DatabaseFile implements AutoCloseable {
    private final Path path;
    private final Object key;
    private final FileChannel pin;

    private DatabaseFile(Path path, Object key, FileChannel pin) {
        this.path = path;
        this.key = key;
        this.pin = pin;
    }

    /** Starts watching {@code path}, which must exist (the storage has created its schema there). */
    static DatabaseFile watch(Path path) {
        try {
            FileChannel pin = FileChannel.open(path, StandardOpenOption.READ);
            return new DatabaseFile(path, key(path), pin);
        } catch (IOException e) {
            throw new StorageException(path + ": cannot open the study database file (" + e.getMessage() + ")", e);
        }
    }

    /**
     * @throws StorageException when the file at the path is gone or is another file than the one opened
     */
    void check() {
        Object now;
        try {
            now = key(path);
        } catch (NoSuchFileException e) {
            throw gone("deleted");
        } catch (IOException e) {
            throw new StorageException(path + ": cannot read the study database file (" + e.getMessage() + ")", e);
        }
        if (!Objects.equals(key, now)) {
            throw gone("replaced by another file");
        }
    }

    private StorageException gone(String how) {
        return new StorageException(path + ": the study database was " + how + " while the study ran; the trials"
                + " written since are lost. Leave the file in place while a study runs (or set another <storage>)");
    }

    /** The file's identity (device and inode on Unix), or, where the platform has none, whether it exists. */
    private static Object key(Path path) throws IOException {
        Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        return key != null ? key : Boolean.TRUE;
    }

    @Override
    public void close() {
        try {
            pin.close();
        } catch (IOException ignored) {
            // Closing a read-only channel loses nothing.
        }
    }
}
