package dev.tuner.storage;

import dev.tuner.trial.Trial;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whole-study operations of {@link JdbcStudyStorage}: list, read whole, delete, import. Each is one transaction of
 * the storage, so a delete or an import that fails half-way (a full disk, a lost connection, a name taken by
 * another process meanwhile) is rolled back and leaves no half study.
 */
final class JdbcStudies {
    private final JdbcStudyStorage storage;

    JdbcStudies(JdbcStudyStorage storage) {
        this.storage = storage;
    }

    List<String> names() {
        return storage.transaction("list the studies", false, c -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT name FROM studies ORDER BY name");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
    }

    Optional<StudySnapshot> snapshot(String name) {
        return storage.transaction("read study '" + name + "'", false, c -> {
            StudyRecord record;
            Instant created;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, fingerprint, description, directions, created FROM studies WHERE name = ?")) {
                s.setString(1, name);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<StudySnapshot>empty();
                    }
                    record = new StudyRecord(rs.getLong(1), name, rs.getString(2), rs.getString(3),
                            StorageJson.readDirections(rs.getString(4)));
                    created = Instant.ofEpochMilli(rs.getLong(5));
                }
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT attr_key, attr_value FROM study_attributes WHERE study_id = ?")) {
                s.setLong(1, record.id());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        attributes.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return Optional.of(new StudySnapshot(record, created, attributes, storage.allTrials(c, record.id())));
        });
    }

    boolean delete(String name) {
        Long id = storage.transaction("delete study '" + name + "'", true, c -> {
            Long found = null;
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM studies WHERE name = ?")) {
                s.setString(1, name);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        found = rs.getLong(1);
                    }
                }
            }
            if (found == null) {
                return null;
            }
            // Children first rather than relying on ON DELETE CASCADE: a database migrated from an older schema, or
            // an SQLite connection without foreign_keys, would otherwise keep orphan rows.
            for (String sql : List.of(
                    "DELETE FROM intermediate WHERE trial_id IN (SELECT id FROM trials WHERE study_id = ?)",
                    "DELETE FROM trials WHERE study_id = ?",
                    "DELETE FROM study_attributes WHERE study_id = ?",
                    "DELETE FROM studies WHERE id = ?")) {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setLong(1, found);
                    s.executeUpdate();
                }
            }
            return found;
        });
        if (id != null) {
            storage.forgetStudy(id);
        }
        return id != null;
    }

    StudyRecord importStudy(StudySnapshot study) {
        StudyRecord source = study.record();
        String name = source.name();
        return storage.transaction("import study '" + name + "'", true, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM studies WHERE name = ?")) {
                s.setString(1, name);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        throw new StorageException("study '" + name + "' already exists in " + storage.location()
                                + "; delete it first or choose another name");
                    }
                }
            }
            long id;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO studies "
                    + "(name, fingerprint, description, directions, created) VALUES (?, ?, ?, ?, ?) RETURNING id")) {
                s.setString(1, name);
                s.setString(2, source.fingerprint());
                s.setString(3, source.description());
                s.setString(4, StorageJson.writeDirections(source.directions()));
                s.setLong(5, study.created().toEpochMilli());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO study_attributes (study_id, attr_key, attr_value) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, String> a : study.attributes().entrySet()) {
                    s.setLong(1, id);
                    s.setString(2, a.getKey());
                    s.setString(3, a.getValue());
                    s.executeUpdate();
                }
            }
            long updated = 0;
            try (PreparedStatement t = c.prepareStatement("INSERT INTO trials (study_id, trial_number, state, "
                    + "params_json, values_json, metrics_json, message, worker, started, finished, heartbeat, updated) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
                 PreparedStatement i = c.prepareStatement(
                         "INSERT INTO intermediate (trial_id, budget, objective_value) VALUES (?, ?, ?)")) {
                for (Trial trial : study.trials()) {
                    t.setLong(1, id);
                    t.setInt(2, trial.number());
                    t.setString(3, trial.state().name());
                    t.setString(4, StorageJson.writeParams(trial.params()));
                    t.setString(5, trial.values().isEmpty() ? null : StorageJson.writeValues(trial.values()));
                    t.setString(6, trial.metrics().isEmpty() ? null : StorageJson.writeMetrics(trial.metrics()));
                    t.setString(7, trial.message());
                    t.setString(8, trial.worker());
                    setInstant(t, 9, trial.started());
                    setInstant(t, 10, trial.finished());
                    setInstant(t, 11, trial.finished() != null ? trial.finished() : trial.started());
                    t.setLong(12, ++updated);
                    long trialId;
                    try (ResultSet rs = t.executeQuery()) {
                        rs.next();
                        trialId = rs.getLong(1);
                    }
                    for (Map.Entry<Double, Double> e : trial.intermediate().entrySet()) {
                        i.setLong(1, trialId);
                        i.setDouble(2, e.getKey());
                        if (Double.isNaN(e.getValue())) {
                            i.setNull(3, Types.DOUBLE);
                        } else {
                            i.setDouble(3, e.getValue());
                        }
                        i.executeUpdate();
                    }
                }
            }
            return new StudyRecord(id, name, source.fingerprint(), source.description(), source.directions());
        });
    }

    private static void setInstant(PreparedStatement s, int index, Instant value) throws SQLException {
        SqlValues.setNullableLong(s, index, value == null ? null : value.toEpochMilli());
    }
}
