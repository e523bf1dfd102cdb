package dev.tuner.maven;

import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bad-input suite at the Mojo: each case is the user's failure (MojoFailureException, never a stack trace), one
 * line naming the culprit, and leaves no trials.csv or best.json behind. docs/errors.md lists each line.
 */
@MojoTest
class TuneMojoErrorsTest {
    @TempDir
    Path dir;

    private TuneMojo mojo;
    private final List<String> problems = new ArrayList<>();

    @Test
    @InjectMojo(goal = "tune", pom = "pom.xml")
    @Basedir("src/test/resources/unit/tune-iris")
    void everyBadInputFailsWithOneLineNamingTheCulprit(TuneMojo injected) throws Exception {
        mojo = injected;
        Path iris = ((File) MojoExtension.getVariableValueFromObject(dataset(), "path")).toPath();

        expectPrefix("unknown metric", m -> set("objectives", List.of("f2")),
                "<objectives><objective>f2</objective>: unknown metric; known metrics are [accuracy, ");
        expectPrefix("metric of another task", m -> set("objectives", List.of("rmse")),
                "<objectives><objective>rmse</objective>: not available for classification of iris.csv; available: [accuracy, ");
        expect("budgets not rising", m -> set("budgets", "0.5,0.2,1.0"),
                "<budgets>0.5,0.2,1.0</budgets>: budgets must rise, but 0.2 follows 0.5");
        expect("budget above 1", m -> set("budgets", "0.5,1.5"), "<budgets>0.5,1.5</budgets>: 1.5 is outside (0, 1]");
        expect("budget of 0", m -> set("budgets", "0,1"), "<budgets>0.0,1.0</budgets>: 0.0 is outside (0, 1]");
        expect("budget not a number", m -> set("budgets", "half,1"),
                "<budgets>half,1</budgets>: 'half' is not a number; expected rising fractions like 0.1,0.3,1.0");
        expect("folds < 1", m -> set("folds", 0),
                "<folds>0</folds>: must be >= 1 for a trainer (1 = a single validation split, more = k-fold"
                        + " cross-validation)");
        expect("more folds than the rarest class", m -> set("folds", 50),
                "<folds>50</folds>: more than the 40 tuning rows of the rarest class 'setosa' in iris.csv; use at most 40 folds");
        expectPrefix("unknown hyperparameter", m -> set("searchSpace", Map.of("learningRate", "log(0.01, 0.3)")),
                "<searchSpace><learningRate>: trainer 'cart' has no hyperparameter 'learningRate'");
        expect("low > high", m -> set("searchSpace", Map.of("maxDepth", "int(6, 1)")),
                "<searchSpace><maxDepth>: 'int(6, 1)': low 6 is greater than high 1");
        expect("non-positive log bound", m -> set("searchSpace", Map.of("minChildWeight", "log(0, 5)")),
                "<searchSpace><minChildWeight>: 'log(0, 5)': low must be > 0 for a log range");
        expect("malformed distribution", m -> set("searchSpace", Map.of("maxDepth", "int(1, 6")),
                "<searchSpace><maxDepth>: 'int(1, 6' does not end with ')'");
        expectPrefix("nothing free in the space", m -> set("searchSpace", Map.of("maxDepth", "int(3, 3)")),
                "<searchSpace>: holds one value for each of its parameters {maxDepth=3}: nothing is left to tune");
        expect("bad trial timeout", m -> set("trialTimeout", "soon"),
                "<trialTimeout>soon</trialTimeout>: not an ISO-8601 duration such as PT30S or PT2M");
        // Checked against the trainer before any trial: types, known choices, accepted ranges, metrics, topK, pins.
        expect("choice for an int hyperparameter", m -> set("searchSpace", Map.of("maxDepth", "choice(a, b)")),
                "<searchSpace><maxDepth>: int hyperparameter of cart (>= 1); got choice(a, b)");
        expect("float range for an int hyperparameter", m -> set("searchSpace", Map.of("maxDepth", "float(1, 5)")),
                "<searchSpace><maxDepth>: int hyperparameter of cart (>= 1); got float(1, 5)");
        expect("int range below what the trainer accepts", m -> set("searchSpace", Map.of("maxDepth", "int(0, 6)")),
                "<searchSpace><maxDepth>: int hyperparameter of cart (>= 1); got int(0, 6)");
        expect("a choice the trainer does not know", m -> set("searchSpace", Map.of("impurity", "choice(gini, purity)")),
                "<searchSpace><impurity>: choice hyperparameter of cart (one of gini, entropy); got choice(gini, purity)");
        expectPrefix("constraint on an unknown metric", m -> set("constraints",
                        List.of(new dev.tuner.trial.Constraint("f2", null, 0.5))),
                "<constraints><constraint><metric>f2</metric>: not available for classification of iris.csv; available: [accuracy, ");
        expect("one metric in two directions", m -> set("objectives", List.of("accuracy", "accuracy:min")),
                "<objectives>: metric 'accuracy' is listed twice (accuracy and accuracy:min); a study optimizes each"
                        + " metric once, in one direction");
        expect("negative topK", m -> set("topK", -1), "<topK>-1</topK>: must be >= 1");
        expectPrefix("pin of an unknown hyperparameter", m -> set("params", Map.of("depth", "3")),
                "<params><depth>: trainer 'cart' has no hyperparameter 'depth'; it has: maxDepth, ");
        expect("pin that is not a number", m -> set("params", Map.of("maxDepth", "deep")),
                "<params><maxDepth>: int hyperparameter of cart (>= 1); got 'deep'");
        expect("params as the sweep's baseline", m -> {
            set("sampler", "sweep");
            set("params", Map.of("maxDepth", "3"));
        }, "<params><maxDepth>3</maxDepth>: <params> pins a parameter for every trial and no longer sets the sweep's"
                + " baseline; write it as <sweepBaseline><maxDepth> instead");

        expectPrefix("missing target column", m -> setData(iris, "species"),
                iris + ": target column 'species' not found; available columns: ");
        Path empty = write("empty.csv", "");
        expect("empty CSV", m -> setData(empty, "label"), empty + ": the file is empty; expected a header row and data rows");
        Path header = write("header.csv", "x,label\n");
        expect("header only", m -> setData(header, "label"), header + ": the file has a header but no data rows");
        Path ragged = write("ragged.csv", "x,z,label\n1,2,a\n3,4,b\n5,b\n");
        expect("ragged CSV", m -> setData(ragged, "label"), ragged + ": line 4 has 2 fields, header has 3");
        Path single = write("single.csv", "x,label\n1,a\n2,a\n3,a\n4,a\n");
        expect("single class", m -> setData(single, "label"),
                single + ": column 'label' has a single class ('a'); classification needs at least two");
        Path textTarget = write("price.csv", "x,price\n1,2.5\n2,3.5\n3,cheap\n4,1.5\n");
        expect("text in a numeric target", m -> {
            setData(textTarget, "price");
            MojoExtension.setVariableValueToObject(dataset(), "task", "regression");
        }, textTarget + ": line 4, column 'price': 'cheap' is not a number, but the task is regression");

        Path storageDir = Files.createDirectories(dir.resolve("a-directory"));
        expectPrefix("storage is a directory", m -> set("storage", storageDir.toString()),
                "<storage>" + storageDir + "</storage>: is a directory; name the study database file inside it");
        Path db = dir.resolve("ro.db");
        dev.tuner.storage.StudyStorages.open(db.toString()).close();
        String readOnly = "jdbc:sqlite:file:" + db + "?mode=ro";
        expectPrefix("unwritable storage", m -> set("storage", readOnly),
                readOnly + ": the study database cannot be written");
        Path newer = dir.resolve("newer.db");
        dev.tuner.storage.StudyStorages.open(newer.toString()).close();
        sql(newer, "UPDATE schema_version SET version = 99");
        expect("database of a newer schema", m -> set("storage", newer.toString()),
                newer + ": study database has schema version 99, newer than this plugin understands (2); "
                        + "use a newer tuner-maven-plugin");
        Path corrupt = dir.resolve("corrupt.db");
        byte[] garbage = new byte[8192];
        new java.util.Random(1).nextBytes(garbage);
        Files.write(corrupt, garbage);
        expectPrefix("corrupted database file", m -> set("storage", corrupt.toString()),
                corrupt + ": not a study database: the file is not an SQLite database or it is corrupted");

        // Every trial over its timeout: the study stops with the reason, and the database stays consistent.
        Path timeouts = dir.resolve("timeouts.db");
        expect("every trial times out", m -> {
            set("storage", timeouts.toString());
            set("trialTimeout", "PT0.000001S");
        }, "the first 5 trials all failed; the last failure: exceeded trialTimeout PT0.000001S (budget 1.0, fold 0)");
        assertEquals("ok", single(timeouts, "PRAGMA integrity_check"));
        assertEquals("0", single(timeouts, "SELECT COUNT(*) FROM trials WHERE state <> 'FAILED'"));
        // Fewer trials than the early stop needs: the study reaches its target without a complete trial, and fails.
        Path fewTimeouts = dir.resolve("few-timeouts.db");
        expect("every trial of a short study times out", m -> {
            set("storage", fewTimeouts.toString());
            set("trialTimeout", "PT0.000001S");
            set("trials", 3);
        }, "no trial of study 'mojo-test' completed (3 failed, 0 pruned, 3 in all); the last failure: exceeded"
                + " trialTimeout PT0.000001S (budget 1.0, fold 0). Its trials count towards <trials>: after fixing the"
                + " cause, raise <trials> or set another <study>");
        set("trials", 6);

        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private void expect(String name, Setup setup, String message) throws Exception {
        check(name, setup, message, false);
    }

    private void expectPrefix(String name, Setup setup, String prefix) throws Exception {
        check(name, setup, prefix, true);
    }

    /** Runs the goal on the base configuration changed by {@code setup}, and records what is wrong. */
    private void check(String name, Setup setup, String expected, boolean prefix) throws Exception {
        reset();
        setup.apply(mojo);
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute, name);
        String m = e.getMessage();
        if (prefix ? !m.startsWith(expected) : !m.equals(expected)) {
            problems.add(name + ": expected " + (prefix ? "a message starting " : "") + "'" + expected + "', got '" + m + "'");
        }
        if (m.lines().count() != 1) {
            problems.add(name + ": not one line: " + m);
        }
        Path out = ((File) MojoExtension.getVariableValueFromObject(mojo, "outputDirectory")).toPath();
        if (Files.exists(out.resolve("trials.csv")) || Files.exists(out.resolve("best.json"))) {
            problems.add(name + ": left a report behind in " + out);
        }
    }

    private void reset() throws Exception {
        set("outputDirectory", dir.resolve("out").toFile());
        set("storage", dir.resolve("studies.db").toString());
        set("objectives", new ArrayList<String>());
        set("budgets", "1.0");
        set("folds", 2);
        set("searchSpace", Map.of("maxDepth", "int(1, 6)"));
        set("trialTimeout", null);
        set("constraints", new ArrayList<>());
        set("params", Map.of());
        set("sampler", "random");
        set("topK", 5);
        Object dataset = dataset();
        MojoExtension.setVariableValueToObject(dataset, "target", "label");
        MojoExtension.setVariableValueToObject(dataset, "task", null);
        MojoExtension.setVariableValueToObject(dataset, "path",
                new File(MojoExtension.getBasedir(), "iris.csv").getAbsoluteFile());
    }

    private Object dataset() throws IllegalAccessException {
        return MojoExtension.getVariableValueFromObject(mojo, "dataset");
    }

    private void set(String field, Object value) throws IllegalAccessException {
        MojoExtension.setVariableValueToObject(mojo, field, value);
    }

    private void setData(Path csv, String target) throws IllegalAccessException {
        MojoExtension.setVariableValueToObject(dataset(), "path", csv.toFile());
        MojoExtension.setVariableValueToObject(dataset(), "target", target);
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static void sql(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String single(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @FunctionalInterface
    private interface Setup {
        void apply(TuneMojo mojo) throws Exception;
    }
}
