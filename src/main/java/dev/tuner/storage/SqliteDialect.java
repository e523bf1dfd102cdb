package dev.tuner.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * SQLite: one file shared by the threads of one build and by concurrent builds on the same machine.
 *
 * <p>WAL lets readers go on while one writer writes; {@code BEGIN IMMEDIATE} takes the write lock when the
 * transaction starts, so a second writer waits there (up to the busy timeout) instead of failing with SQLITE_BUSY
 * after it has already read, which a deferred transaction cannot recover from. {@code synchronous=NORMAL} is
 * durable across process crashes in WAL mode; only a power cut can lose the last transactions, which costs at most
 * a re-run trial.
 */
final class SqliteDialect implements SqlDialect {
    static final int BUSY_TIMEOUT_MILLIS = 30_000;

    // Primary result codes (sqlite3.h); the driver reports them as SQLException.getErrorCode().
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_IOERR_DELETE_NOENT = 10 | (23 << 8);
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_NOTADB = 26;

    private final boolean inMemory;
    private final int busyTimeoutMillis;

    SqliteDialect(boolean inMemory) {
        this(inMemory, BUSY_TIMEOUT_MILLIS);
    }

    /** With another busy timeout: tests use 0 to reach the retry path without waiting for SQLite's own. */
    SqliteDialect(boolean inMemory, int busyTimeoutMillis) {
        this.inMemory = inMemory;
        this.busyTimeoutMillis = busyTimeoutMillis;
    }

    @Override
    public String displayName() {
        return "SQLite";
    }

    @Override
    public String driverClassName() {
        return "org.sqlite.JDBC";
    }

    @Override
    public String missingDriverMessage() {
        return "SQLite driver (org.xerial:sqlite-jdbc) not on the classpath";
    }

    @Override
    public int maxConnections() {
        return inMemory ? 1 : 8;
    }

    @Override
    public void configure(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            // The busy timeout first: switching to WAL itself needs the lock another process may hold.
            s.execute("PRAGMA busy_timeout = " + busyTimeoutMillis);
            // NORMAL before WAL: the switch of a new file to WAL is itself a rollback-journal write, synced once
            // per file instead of as FULL would; in WAL mode NORMAL syncs at checkpoints, not at each commit.
            s.execute("PRAGMA synchronous = NORMAL");
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA foreign_keys = ON");
        }
    }

    @Override
    public String generatedIdColumn() {
        // Only this exact spelling makes the column an alias of the rowid, which SQLite fills in itself.
        return "INTEGER PRIMARY KEY";
    }

    @Override
    public void beginWrite(Connection connection) throws SQLException {
        // The connection stays in auto-commit mode and transactions are explicit statements: the driver's own
        // setAutoCommit(false) would open the next IMMEDIATE transaction right after every commit and so keep the
        // write lock between operations.
        execute(connection, "BEGIN IMMEDIATE");
    }

    @Override
    public void beginRead(Connection connection) throws SQLException {
        execute(connection, "BEGIN DEFERRED");
    }

    @Override
    public void commit(Connection connection) throws SQLException {
        execute(connection, "COMMIT");
    }

    @Override
    public void rollback(Connection connection) throws SQLException {
        execute(connection, "ROLLBACK");
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public boolean isTransient(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            int code = x.getErrorCode() & 0xff;
            if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
                return true;
            }
            // Connections racing to open a brand-new file: one deletes the rollback journal another was about to
            // delete (before WAL mode is in force). Nothing is lost; the transaction just runs again.
            String message = x.getMessage();
            if (x.getErrorCode() == SQLITE_IOERR_DELETE_NOENT
                    || (message != null && message.contains("SQLITE_IOERR_DELETE_NOENT"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean tableExists(Connection connection, String table) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public List<String> foreignTables(Connection connection, List<String> ourTables) throws SQLException {
        // A study database is a file of its own: any table at all means the path points at another database.
        List<String> tables = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    @Override
    public String explain(SQLException e, String location) {
        int code = e.getErrorCode() & 0xff;
        String detail = e.getMessage();
        return switch (code) {
            case SQLITE_NOTADB, SQLITE_CORRUPT -> location + ": not a study database: the file is not an SQLite "
                    + "database or it is corrupted (" + detail + "); point <storage> at another file or remove this one";
            case SQLITE_READONLY -> location + ": the study database cannot be written (read-only file, directory or "
                    + "medium: " + detail + ")";
            case SQLITE_CANTOPEN -> location + ": cannot open the study database (" + detail
                    + "); check that the directory exists and is writable";
            case SQLITE_FULL -> location + ": the disk holding the study database is full (" + detail + ")";
            case SQLITE_BUSY, SQLITE_LOCKED -> location + ": the study database stayed locked by another "
                    + "connection (" + detail + "); another build or tool holds a long write transaction on it";
            default -> null;
        };
    }
}
