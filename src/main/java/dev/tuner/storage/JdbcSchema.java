package dev.tuner.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The tables of a JDBC study database: created in an empty database, checked and migrated in an existing one. */
final class JdbcSchema {
    /**
     * The schema this code reads and writes; bump it with a migration in {@link #checkOrCreate}. Version 2
     * added {@code trials.updated}, the change sequence that lets {@link JdbcStudyStorage#trials(long)} read only what changed.
     */
    static final int SCHEMA_VERSION = 2;

    static final List<String> TABLES = List.of("schema_version", "studies", "trials", "intermediate", "study_attributes");

    private static final String CREATE_UPDATE_INDEX = "CREATE INDEX trials_by_update ON trials (study_id, updated)";

    private JdbcSchema() {
    }

    static Void checkOrCreate(Connection c, SqlDialect dialect, String location) throws SQLException {
        if (dialect.tableExists(c, "schema_version")) {
            Integer version = null;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                if (rs.next()) {
                    int v = rs.getInt(1);
                    version = rs.wasNull() ? null : v;
                }
            }
            if (version == null) {
                throw new StorageException(location + ": not a study database or it is corrupted: its schema_version table is empty");
            }
            if (version > SCHEMA_VERSION) {
                throw new StorageException(location + ": study database has schema version " + version
                        + ", newer than this plugin understands (" + SCHEMA_VERSION + "); use a newer tuner-maven-plugin");
            }
            if (version < 1) {
                throw new StorageException(location + ": study database has schema version " + version
                        + ", which this plugin cannot migrate (it writes version " + SCHEMA_VERSION + ")");
            }
            if (version < 2) {
                // 1 -> 2: the change sequence. Existing rows get 0, which a first read (from -1) still reads;
                // the migration runs under the write lock, in this transaction, so concurrent openers wait for it.
                try (Statement s = c.createStatement()) {
                    s.execute("ALTER TABLE trials ADD COLUMN updated BIGINT NOT NULL DEFAULT 0");
                    s.execute(CREATE_UPDATE_INDEX);
                }
            }
            // A database that cannot be written would open fine and fail only at the first claim, after the build
            // may have spent minutes on other work; this write (a no-op unless migrating) makes it fail now.
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE schema_version SET version = " + SCHEMA_VERSION);
            }
            return null;
        }
        List<String> foreign = dialect.foreignTables(c, TABLES);
        if (!foreign.isEmpty()) {
            throw new StorageException(location + ": not a study database: it holds tables " + foreign
                    + " but no tuner schema; point <storage> at another file or database");
        }
        String id = dialect.generatedIdColumn();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            s.execute("CREATE TABLE studies (id " + id + ", name TEXT NOT NULL UNIQUE, fingerprint TEXT NOT NULL, "
                    + "description TEXT, directions TEXT NOT NULL, created BIGINT NOT NULL)");
            s.execute("CREATE TABLE trials (id " + id + ", "
                    + "study_id BIGINT NOT NULL REFERENCES studies (id) ON DELETE CASCADE, "
                    + "trial_number INTEGER NOT NULL, state TEXT NOT NULL, params_json TEXT, values_json TEXT, "
                    + "metrics_json TEXT, message TEXT, worker TEXT, started BIGINT, finished BIGINT, heartbeat BIGINT, "
                    + "updated BIGINT NOT NULL DEFAULT 0, UNIQUE (study_id, trial_number))");
            s.execute("CREATE INDEX trials_by_state ON trials (study_id, state, trial_number)");
            s.execute(CREATE_UPDATE_INDEX);
            s.execute("CREATE TABLE intermediate ("
                    + "trial_id BIGINT NOT NULL REFERENCES trials (id) ON DELETE CASCADE, "
                    + "budget DOUBLE PRECISION NOT NULL, objective_value DOUBLE PRECISION, "
                    + "PRIMARY KEY (trial_id, budget))");
            s.execute("CREATE TABLE study_attributes ("
                    + "study_id BIGINT NOT NULL REFERENCES studies (id) ON DELETE CASCADE, "
                    + "attr_key TEXT NOT NULL, attr_value TEXT NOT NULL, PRIMARY KEY (study_id, attr_key))");
            s.execute("INSERT INTO schema_version (version) VALUES (" + SCHEMA_VERSION + ")");
        }
        return null;
    }
}
