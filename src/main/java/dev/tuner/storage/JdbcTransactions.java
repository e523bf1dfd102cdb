package dev.tuner.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connection side of {@link JdbcStudyStorage}: a small pool of connections, each with the statements prepared on
 * it, and the transaction loop that retries a busy database with growing, jittered pauses.
 */
final class JdbcTransactions implements AutoCloseable {
    /** Enough to ride out a checkpoint or a burst of claims; beyond it something holds the lock for real. */
    private static final int MAX_ATTEMPTS = 8;
    private static final long FIRST_PAUSE_MILLIS = 20;
    private static final long LONGEST_PAUSE_MILLIS = 2_000;

    private final SqlDialect dialect;
    private final String url;
    private final String location;
    private final Driver driver;
    private final ConnectionPool pool;
    private final AtomicLong busyRetries = new AtomicLong();
    /**
     * The statements of the per-trial operations, prepared once per pooled connection: preparing one costs about as
     * much as running it. A connection serves one transaction at a time, so its map needs no lock of its own.
     */
    private final Map<Connection, Map<String, PreparedStatement>> statements = new ConcurrentHashMap<>();
    /** The database file, checked before each transaction; null when there is none to watch. */
    private volatile DatabaseFile file;

    /**
     * @param url      the JDBC URL
     * @param location how messages name the database: the file path, or the URL without its parameters
     */
    JdbcTransactions(SqlDialect dialect, String url, String location) {
        this.dialect = dialect;
        this.url = url;
        this.location = location;
        this.driver = loadDriver(dialect);
        this.pool = new ConnectionPool(dialect.maxConnections());
    }

    /** Watches the SQLite database {@code file} from now on (see {@link DatabaseFile}); null watches nothing. */
    void watch(Path file) {
        this.file = file == null ? null : DatabaseFile.watch(file);
    }

    /** Transactions retried because the database was busy, since this storage was opened. */
    long busyRetries() {
        return busyRetries.get();
    }

    @Override
    public void close() {
        pool.close();
        if (file != null) {
            file.close();
        }
    }

    /**
     * The connection's statement for {@code sql}, prepared on first use and kept until the connection closes. The
     * caller sets every parameter and closes only the result sets, never the statement.
     */
    PreparedStatement prepared(Connection c, String sql) throws SQLException {
        Map<String, PreparedStatement> mine = statements.computeIfAbsent(c, k -> new HashMap<>());
        PreparedStatement s = mine.get(sql);
        if (s == null) {
            s = c.prepareStatement(sql);
            mine.put(sql, s);
        }
        return s;
    }

    private void forgetStatements(Connection c) {
        Map<String, PreparedStatement> mine = statements.remove(c);
        if (mine != null) {
            for (PreparedStatement s : mine.values()) {
                try {
                    s.close();
                } catch (SQLException ignored) {
                    // Dropped either way; the connection closes what it still holds when it closes.
                }
            }
        }
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction and retries it whole while the database reports itself busy. Errors of
     * the caller ({@link RuntimeException}s thrown by {@code work}) roll back and pass through unchanged.
     */
    <T> T inTransaction(String operation, boolean write, SqlWork<T> work) {
        DatabaseFile watched = file;
        if (watched != null) {
            // Before a connection is borrowed: a new connection would create an empty file at the path.
            watched.check();
        }
        for (int attempt = 1; ; attempt++) {
            Connection c = null;
            boolean reusable = true;
            try {
                c = pool.borrow();
                if (write) {
                    dialect.beginWrite(c);
                } else {
                    dialect.beginRead(c);
                }
                T result;
                try {
                    result = work.run(c);
                    dialect.commit(c);
                } catch (SQLException | RuntimeException e) {
                    reusable = rollbackQuietly(c);
                    if (e instanceof SQLException) {
                        forgetStatements(c); // a statement that failed half-way is not trusted again
                    }
                    throw e;
                }
                return result;
            } catch (SQLException e) {
                if (dialect.isTransient(e) && attempt < MAX_ATTEMPTS) {
                    busyRetries.incrementAndGet();
                    pause(attempt, operation, e);
                    continue;
                }
                throw translate(operation, e, attempt);
            } finally {
                if (c != null) {
                    pool.giveBack(c, reusable);
                }
            }
        }
    }

    /** Rolls back; false when that failed too, so the connection's state is unknown and it must not be reused. */
    private boolean rollbackQuietly(Connection c) {
        try {
            dialect.rollback(c);
            return true;
        } catch (SQLException | RuntimeException ignored) {
            return false;
        }
    }

    private void pause(int attempt, String operation, SQLException cause) {
        long pause = Math.min(LONGEST_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << (attempt - 1));
        // Jitter, so that processes that collided do not collide again at the same instant.
        pause += ThreadLocalRandom.current().nextLong(pause + 1);
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            StorageException interrupted = new StorageException(location + ": interrupted while waiting to " + operation, e);
            interrupted.addSuppressed(cause);
            throw interrupted;
        }
    }

    private StorageException translate(String operation, SQLException e, int attempts) {
        String explained = dialect.explain(e, location);
        if (explained != null) {
            if (dialect.isTransient(e)) {
                explained += " (gave up after " + attempts + " attempts to " + operation + ")";
            }
            return new StorageException(explained, e);
        }
        return new StorageException(location + ": cannot " + operation + ": " + e.getMessage(), e);
    }

    private static Driver loadDriver(SqlDialect dialect) {
        try {
            // Through the class loader that loaded the storage (the plugin's realm in Maven), not DriverManager,
            // which only sees drivers of the system class loader.
            Class<?> driverClass = Class.forName(dialect.driverClassName(), true, JdbcTransactions.class.getClassLoader());
            return (Driver) driverClass.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new StorageException(dialect.missingDriverMessage(), e);
        } catch (ReflectiveOperationException e) {
            throw new StorageException("cannot load the " + dialect.displayName() + " driver " + dialect.driverClassName(), e);
        }
    }

    /**
     * Connections created on demand up to a bound and reused; a thread holds one only for one transaction, so the
     * bound caps concurrent transactions, not threads.
     */
    private final class ConnectionPool {
        private final Semaphore permits;
        private final Deque<Connection> idle = new ArrayDeque<>();
        private final Set<Connection> open = new HashSet<>();
        private boolean closed;

        ConnectionPool(int size) {
            this.permits = new Semaphore(size, true);
        }

        Connection borrow() throws SQLException {
            permits.acquireUninterruptibly();
            try {
                synchronized (this) {
                    if (closed) {
                        throw new IllegalStateException("the study storage " + location + " is closed");
                    }
                    Connection c = idle.pollFirst();
                    if (c != null) {
                        return c;
                    }
                }
                Connection c = connect();
                synchronized (this) {
                    if (closed) {
                        closeQuietly(c);
                        throw new IllegalStateException("the study storage " + location + " is closed");
                    }
                    open.add(c);
                }
                return c;
            } catch (SQLException | RuntimeException e) {
                permits.release();
                throw e;
            }
        }

        void giveBack(Connection c, boolean reusable) {
            synchronized (this) {
                if (reusable && !closed) {
                    idle.addFirst(c);
                } else {
                    open.remove(c);
                    statements.remove(c);
                    closeQuietly(c);
                }
            }
            permits.release();
        }

        synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            for (Connection c : open) {
                closeQuietly(c);
            }
            open.clear();
            statements.clear();
            idle.clear();
        }

        private Connection connect() throws SQLException {
            Connection c = driver.connect(url, new Properties());
            if (c == null) {
                throw new StorageException(location + ": the " + dialect.displayName() + " driver does not accept the URL " + url);
            }
            try {
                dialect.configure(c);
            } catch (SQLException | RuntimeException e) {
                closeQuietly(c);
                throw e;
            }
            return c;
        }

        private static void closeQuietly(Connection c) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Closing is best effort: the connection is dropped either way.
            }
        }
    }
}
