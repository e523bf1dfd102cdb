package dev.tuner.maven;

import dev.tuner.report.ReportFixtures;
import dev.tuner.storage.StudyStorage;
import dev.tuner.storage.StudyStorages;
import dev.tuner.study.StudyResult;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.reporting.MavenReport;
import org.apache.maven.reporting.MavenReportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** tuner:report and tuner:best read a study that an earlier run stored, without running a trial. */
@MojoTest
class ReportMojoTest {
    @TempDir
    Path out;

    @Test
    @InjectMojo(goal = "report", pom = "pom.xml")
    @Basedir("src/test/resources/unit/report")
    void rebuildsTheReportFromTheDatabase(ReportMojo mojo) throws Exception {
        store();
        configure(mojo);
        mojo.execute();
        String html = Files.readString(out.resolve("tuner/report.html"));
        assertTrue(html.contains("Study report-fixture-2"));
        assertTrue(html.contains("data-plot=\"pareto\""));
        assertTrue(html.contains("no estimate recorded"));
    }

    @Test
    @InjectMojo(goal = "report", pom = "pom.xml")
    @Basedir("src/test/resources/unit/report")
    void anUnknownStudyIsTheUsersFailureNamingIt(ReportMojo mojo) throws Exception {
        store();
        configure(mojo);
        MojoExtension.setVariableValueToObject(mojo, "study", "nope");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("<study>nope</study>: no such study in "), e.getMessage());
        assertFalse(Files.exists(out.resolve("tuner/report.html")));
    }

    /** report only reads: a database path that does not exist (a typo) is named, and no empty database is left. */
    @Test
    @InjectMojo(goal = "report", pom = "pom.xml")
    @Basedir("src/test/resources/unit/report")
    void aMissingDatabaseIsReportedNotCreated(ReportMojo mojo) throws Exception {
        configure(mojo);
        Path missing = out.resolve("typo/studies.db");
        MojoExtension.setVariableValueToObject(mojo, "storage", missing.toString());
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("<storage>" + missing + "</storage>: no study database at " + missing
                + ": run tuner:tune first", e.getMessage());
        assertFalse(Files.exists(missing.getParent()), "nothing created");
    }

    @Test
    @InjectMojo(goal = "report", pom = "pom.xml")
    @Basedir("src/test/resources/unit/report")
    void skipFlagSkips(ReportMojo mojo) throws Exception {
        configure(mojo);
        MojoExtension.setVariableValueToObject(mojo, "skipReport", true);
        mojo.execute();
        assertFalse(Files.exists(out.resolve("tuner")));
    }

    @Test
    @InjectMojo(goal = "report", pom = "pom.xml")
    @Basedir("src/test/resources/unit/report")
    void asASiteReportItWritesItsPageWhereTheSitePluginAsks(ReportMojo mojo) throws Exception {
        store();
        configure(mojo);
        MavenReport report = mojo;
        Path site = out.resolve("site");
        report.setReportOutputDirectory(site.toFile());
        assertTrue(report.isExternalReport(), "a page of its own, not content for the skin");
        assertTrue(report.canGenerateReport());
        assertEquals(MavenReport.CATEGORY_PROJECT_REPORTS, report.getCategoryName());
        assertEquals(site.toFile(), report.getReportOutputDirectory());
        // The site plugin hands an external report a sink it then discards: the page is the report's own file.
        report.generate(null, Locale.ROOT);
        String html = Files.readString(site.resolve(report.getOutputName() + ".html"));
        assertTrue(html.contains("Study report-fixture-2"));
        assertTrue(html.contains("data-plot=\"contour\""));
        assertFalse(Files.exists(out.resolve("tuner/report.html")), "the site page only, not target/tuner");
    }

    @Test
    @InjectMojo(goal = "report", pom = "pom.xml")
    @Basedir("src/test/resources/unit/report")
    void aSiteReportOfAnUnknownStudyFailsInOneLine(ReportMojo mojo) throws Exception {
        store();
        configure(mojo);
        MojoExtension.setVariableValueToObject(mojo, "study", "nope");
        mojo.setReportOutputDirectory(out.resolve("site").toFile());
        MavenReportException e = assertThrows(MavenReportException.class, () -> mojo.generate(null, Locale.ROOT));
        assertTrue(e.getMessage().startsWith("<study>nope</study>: no such study in "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        assertFalse(Files.exists(out.resolve("site").resolve(ReportMojo.SITE_PAGE + ".html")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"skip", "skipReport"})
    @InjectMojo(goal = "report", pom = "pom.xml")
    @Basedir("src/test/resources/unit/report")
    void skipFlagsLeaveTheReportOutOfTheSite(String flag, ReportMojo mojo) throws Exception {
        configure(mojo);
        MojoExtension.setVariableValueToObject(mojo, flag, true);
        assertFalse(mojo.canGenerateReport());
    }

    @Test
    @InjectMojo(goal = "best", pom = "pom.xml")
    @Basedir("src/test/resources/unit/report")
    void bestListsTheParetoOptimalTrials(BestMojo mojo) throws Exception {
        StudyResult stored = store();
        configure(mojo);
        mojo.execute();
        List<String> lines = BestMojo.lines(stored, 3, java.util.Optional.empty());
        assertTrue(lines.get(0).startsWith("Study 'report-fixture-2': 20 trials"), lines.get(0));
        assertEquals(stored.paretoFront().size() + " Pareto-optimal trial(s):", lines.get(1));
        assertEquals(stored.paretoFront().size() + 2, lines.size());
        assertTrue(lines.get(2).matches("  #\\d+ loss=\\S+ size=\\S+ \\{.*\\}"), lines.get(2));
    }

    /**
     * best and report read the study from storage alone, without the POM's {@code <constraints>}: they rank under
     * the constraints tune stored, so a trial that breaks one is never listed as best, and a study with no feasible
     * trial says so rather than "no complete trial".
     */
    @Test
    void bestAndReportRankUnderTheConstraintsTuneRankedUnder() {
        dev.tuner.space.SearchSpace space = dev.tuner.space.SearchSpace.parse(java.util.Map.of("x", "float(0, 1)"));
        dev.tuner.study.Objective loss = (params, budget, fold) -> {
            double x = ((Number) params.get("x")).doubleValue();
            return java.util.Map.of("loss", x, "size", 10 * x);
        };
        try (StudyStorage storage = StudyStorages.openSqliteFile(out.resolve("studies.db"))) {
            for (double minimum : new double[] {5.0, 20.0}) {
                String name = "size-at-least-" + minimum;
                dev.tuner.study.StudySettings settings = new dev.tuner.study.StudySettings(name, java.util.Map.of(),
                        space, List.of(dev.tuner.trial.ObjectiveSpec.parse("loss:min")), 12, List.of(1.0), 1, 1, 3,
                        null, List.of(new dev.tuner.trial.Constraint("size", minimum, null)), List.of());
                dev.tuner.study.Study study = new dev.tuner.study.Study(settings, storage,
                        new dev.tuner.sampler.RandomSampler(), new dev.tuner.pruner.NopPruner(), loss, null);
                if (minimum > 10) {
                    assertThrows(dev.tuner.study.StudyFailedException.class, study::optimize);
                } else {
                    study.optimize();
                }
                StudyResult stored = dev.tuner.report.ReportData.load(storage, name, null).result();
                assertTrue(stored.infeasible() > 0, "random x in [0, 1] breaks size >= 5 about half the time");
                List<String> lines = BestMojo.lines(stored, 3, java.util.Optional.empty());
                if (minimum > 10) {
                    assertEquals("No feasible trial: every complete trial breaks a constraint (size >= 20.0)",
                            lines.get(1));
                    assertEquals(2, lines.size());
                } else {
                    assertEquals("Best 3 trial(s):", lines.get(1));
                    for (String line : lines.subList(2, lines.size())) {
                        double x = Double.parseDouble(line.replaceAll(".*\\{x=([^}]*)\\}.*", "$1"));
                        assertTrue(x >= 0.5, line);
                    }
                }
            }
        }
    }

    /**
     * A study tuned in stages is stored as one study per stage; best lists each stage's best trials under the
     * study's name, also when bundle opened an empty study of that name.
     */
    @Test
    void bestOfAStagedStudyListsEachStage() {
        dev.tuner.space.SearchSpace space = dev.tuner.space.SearchSpace.parse(java.util.Map.of("x", "float(0, 1)"));
        dev.tuner.study.Objective loss = (params, budget, fold) -> java.util.Map.of("loss",
                ((Number) params.get("x")).doubleValue());
        try (StudyStorage storage = StudyStorages.openSqliteFile(out.resolve("studies.db"))) {
            for (String stage : List.of("sanity", "coarse")) {
                dev.tuner.study.StudySettings settings = new dev.tuner.study.StudySettings(
                        dev.tuner.study.Stage.studyName("staged", stage), java.util.Map.of(), space,
                        List.of(dev.tuner.trial.ObjectiveSpec.parse("loss:min")), 4, List.of(1.0), 1, 1, 3, null,
                        List.of(), List.of());
                new dev.tuner.study.Study(settings, storage, new dev.tuner.sampler.RandomSampler(),
                        new dev.tuner.pruner.NopPruner(), loss, null).optimize();
            }
            storage.openStudy("staged", "f", "{}", List.of(dev.tuner.trial.Direction.MINIMIZE));
            List<String> lines = BestMojo.stagedLines(storage, "staged", 2).orElseThrow();
            assertEquals("Study 'staged' was tuned in <stages>, stored as 'staged:sanity', 'staged:coarse'; bundle"
                    + " refits the best of the last one (with <paramsFile> set to tune's best.json)", lines.get(0));
            assertEquals(1, lines.stream().filter(l -> l.startsWith("Study 'staged:sanity': 4 trials")).count());
            assertEquals(1, lines.stream().filter(l -> l.startsWith("Study 'staged:coarse': 4 trials")).count());
            assertEquals(2, lines.stream().filter(l -> l.equals("Best 2 trial(s):")).count());
            assertTrue(BestMojo.stagedLines(storage, "staged:coarse", 2).isEmpty());
        }
    }

    /** When tune's final choice took another trial, best says which one bundle refits. */
    @Test
    void bestNamesTheFinalChoiceWhenItIsNotTheStudysBest() {
        StudyResult stored;
        try (StudyStorage storage = StudyStorages.openSqliteFile(out.resolve("studies.db"))) {
            stored = ReportFixtures.study(1, 12, storage);
        }
        List<dev.tuner.trial.Trial> ranked = stored.ranked();
        List<String> lines = BestMojo.lines(stored, 3, java.util.Optional.of(ranked.get(1)));
        assertEquals("Final choice: trial #" + ranked.get(1).number() + ", re-scored by tune on more folds; bundle"
                + " refits it (the list is the study's ranking by its own folds)", lines.get(lines.size() - 1));
        List<String> outside = BestMojo.lines(stored, 1, java.util.Optional.of(ranked.get(4)));
        assertTrue(outside.get(outside.size() - 1).startsWith("Final choice: trial #" + ranked.get(4).number()
                + ", re-scored by tune on more folds; bundle refits it (the list is the study's ranking by its own"
                + " folds): "), outside.toString());
        List<String> same = BestMojo.lines(stored, 3, java.util.Optional.of(ranked.get(0)));
        assertTrue(same.stream().noneMatch(l -> l.startsWith("Final choice")), same.toString());
    }

    private StudyResult store() {
        try (StudyStorage storage = StudyStorages.openSqliteFile(out.resolve("studies.db"))) {
            return ReportFixtures.study(2, 20, storage);
        }
    }

    private void configure(AbstractStorageMojo mojo) throws Exception {
        if (mojo instanceof ReportMojo) {
            MojoExtension.setVariableValueToObject(mojo, "outputDirectory", out.resolve("tuner").toFile());
        }
        MojoExtension.setVariableValueToObject(mojo, "storage", out.resolve("studies.db").toString());
    }
}
