package dev.tuner.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What differs between the databases {@link JdbcStudyStorage} runs on. Everything else it writes is plain SQL that
 * SQLite and PostgreSQL both understand ({@code INSERT ... RETURNING}, {@code ON CONFLICT ... DO UPDATE},
 * {@code LIMIT}), so a new database should only need a new dialect.
 */
interface SqlDialect {

    /** The database's name as users know it, for messages. */
    String displayName();

    /** The JDBC driver class, loaded from the plugin's own class loader rather than through DriverManager. */
    String driverClassName();

    /** What users must add when the driver is missing. */
    String missingDriverMessage();

    /**
     * How many connections one storage may hold. Several connections let readers proceed while a writer waits
     * for another process; an in-memory SQLite database is private to its connection, so it gets exactly one.
     */
    int maxConnections();

    /** Session settings applied once to every new connection. */
    void configure(Connection connection) throws SQLException;

    /** Column definition of a generated 64-bit primary key. */
    String generatedIdColumn();

    /**
     * Starts a transaction that will write, taking the database's write lock now rather than at the first write,
     * so that two processes serialize at the start instead of one failing half-way.
     */
    void beginWrite(Connection connection) throws SQLException;

    /** Starts a transaction that only reads, on a consistent snapshot. */
    void beginRead(Connection connection) throws SQLException;

    void commit(Connection connection) throws SQLException;

    void rollback(Connection connection) throws SQLException;

    /** True when retrying the whole transaction may succeed: the database was busy, locked or a snapshot conflicted. */
    boolean isTransient(SQLException e);

    boolean tableExists(Connection connection, String table) throws SQLException;

    /** The tables a study database may not share its schema with, to refuse opening another application's database. */
    List<String> foreignTables(Connection connection, List<String> ourTables) throws SQLException;

    /**
     * The message for an error the user can fix or must know about (not a database, corrupted, read-only, full),
     * or null for anything else.
     */
    String explain(SQLException e, String location);

    /** An insert-or-update of one row; both current dialects share the SQL-standard-like ON CONFLICT form. */
    default String upsert(String table, List<String> keyColumns, List<String> valueColumns) {
        List<String> all = new ArrayList<>(keyColumns);
        all.addAll(valueColumns);
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (")
                .append(String.join(", ", all)).append(") VALUES (")
                .append(String.join(", ", Collections.nCopies(all.size(), "?")))
                .append(") ON CONFLICT (").append(String.join(", ", keyColumns)).append(") DO UPDATE SET ");
        for (int i = 0; i < valueColumns.size(); i++) {
            String column = valueColumns.get(i);
            sql.append(i == 0 ? "" : ", ").append(column).append(" = excluded.").append(column);
        }
        return sql.toString();
    }
}
