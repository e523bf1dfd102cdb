package dev.tuner.storage;

import dev.tuner.config.InvalidSettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/** Opens the storage a storage setting names. */
public final class StudyStorages {
    private static final String SQLITE_PREFIX = "jdbc:sqlite:";
    private static final String POSTGRES_PREFIX = "jdbc:postgresql:";

    private StudyStorages() {
    }

    /**
     * Opens (creating when needed) the study database at {@code location}:
     * <ul>
     *   <li>a plain path: an SQLite file, with its parent directories created;</li>
     *   <li>{@code jdbc:sqlite:...}: SQLite as the URL says;</li>
     *   <li>{@code jdbc:postgresql:...}: PostgreSQL, when its driver is on the plugin's classpath.</li>
     * </ul>
     *
     * @throws StorageException        when the location cannot hold a study database, naming it and why
     * @throws InvalidSettingException when the location is missing, of an unknown kind or a directory
     */
    public static JdbcStudyStorage open(String location) {
        if (location == null || location.isBlank()) {
            throw new InvalidSettingException("storage", null, "not set: give a file path or a jdbc: URL");
        }
        String trimmed = location.strip();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith(SQLITE_PREFIX)) {
            return openSqliteUrl(trimmed);
        }
        if (lower.startsWith(POSTGRES_PREFIX)) {
            return new JdbcStudyStorage(new PostgresDialect(), trimmed, withoutParameters(trimmed), Clock.systemUTC());
        }
        if (lower.startsWith("jdbc:")) {
            throw new InvalidSettingException("storage", trimmed, "unsupported study database; give a file path, "
                    + "a jdbc:sqlite: URL or a jdbc:postgresql: URL");
        }
        return openSqliteFile(sqliteFile(trimmed).orElseThrow());
    }

    /**
     * Opens the study database at {@code location} for a goal that only reads it ({@code best}, {@code report},
     * {@code bundle}'s look-up of the best trial): an SQLite file that does not exist is reported,
     * not created empty (which would leave a stray database behind a typo in the path).
     *
     * @throws InvalidSettingException when the location names an SQLite file that does not exist
     */
    public static JdbcStudyStorage openExisting(String location) {
        sqliteFile(location).filter(f -> !Files.exists(f)).ifPresent(f -> {
            throw new InvalidSettingException("storage", location.strip(), "no study database at " + f
                    + ": run tuner:tune first");
        });
        return open(location);
    }

    /**
     * The file of an SQLite location (a plain path or a {@code jdbc:sqlite:} path URL); empty for anything else (an
     * in-memory or {@code file:} URL, another database).
     *
     * @throws StorageException when the path is not a valid one
     */
    private static Optional<Path> sqliteFile(String location) {
        if (location == null || location.isBlank()) {
            return Optional.empty();
        }
        String trimmed = location.strip();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        String path;
        if (lower.startsWith(SQLITE_PREFIX)) {
            String target = trimmed.substring(SQLITE_PREFIX.length());
            if (inMemory(target) || target.startsWith("file:")) {
                return Optional.empty();
            }
            path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        } else if (lower.startsWith("jdbc:")) {
            return Optional.empty();
        } else {
            path = trimmed;
        }
        try {
            return Optional.of(Path.of(path).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            throw new StorageException(trimmed + ": not a valid file path for the study database (" + e.getMessage()
                    + ")", e);
        }
    }

    /** An SQLite study database in {@code file}, created with its parent directories when absent. */
    public static JdbcStudyStorage openSqliteFile(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        prepareFile(absolute);
        return new JdbcStudyStorage(new SqliteDialect(false), SQLITE_PREFIX + absolute, absolute.toString(), Clock.systemUTC(),
                absolute);
    }

    private static JdbcStudyStorage openSqliteUrl(String url) {
        String target = url.substring(SQLITE_PREFIX.length());
        boolean inMemory = inMemory(target);
        // A plain path inside the URL: give it the same care as a bare path (directories, clear messages).
        Path file = sqliteFile(url).orElse(null);
        if (file != null) {
            prepareFile(file);
        }
        return new JdbcStudyStorage(new SqliteDialect(inMemory), url, url, Clock.systemUTC(), file);
    }

    /** Whether the part of a {@code jdbc:sqlite:} URL after the prefix names an in-memory database. */
    private static boolean inMemory(String target) {
        return target.isEmpty() || target.startsWith(":memory:") || target.contains("mode=memory");
    }

    /**
     * Checks what SQLite would report obscurely ("unable to open database file") or only at the first write, and
     * says it with the path.
     */
    private static void prepareFile(Path file) {
        if (Files.isDirectory(file)) {
            throw new InvalidSettingException("storage", file, "is a directory; name the study database file inside"
                    + " it, for example " + file.resolve("studies.db"));
        }
        Path parent = file.getParent();
        if (parent != null) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new StorageException(file + ": cannot create the directory " + parent
                        + " for the study database (" + describe(e) + ")", e);
            }
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new StorageException(file + ": the study database is read-only; make it writable or store the study"
                    + " elsewhere");
        }
        if (!Files.exists(file) && parent != null && !Files.isWritable(parent)) {
            throw new StorageException(file + ": cannot create the study database: the directory " + parent + " is not writable");
        }
    }

    private static String describe(IOException e) {
        String kind = e.getClass().getSimpleName();
        return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
    }

    /** The URL without its query, which may carry a password. */
    private static String withoutParameters(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
