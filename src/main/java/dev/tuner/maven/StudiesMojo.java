package dev.tuner.maven;

import dev.tuner.report.StudyExport;
import dev.tuner.storage.JdbcStudyStorage;
import dev.tuner.storage.StudyCatalog;
import dev.tuner.storage.StudyStorage;
import dev.tuner.storage.StudyStorages;
import dev.tuner.trial.TrialState;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.File;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Manages the studies of a storage without running a trial. Alone, it lists them (trials by state, best value of
 * each objective, created, last used); {@code -Dtuner.delete=NAME} deletes one; {@code -Dtuner.copyTo=STORAGE}
 * copies {@code <study>} to another storage (SQLite or PostgreSQL, either way); {@code -Dtuner.export=csv|json}
 * writes {@code <study>} to a file. See docs/studies.md.
 */
@Mojo(name = "studies", threadSafe = true, requiresDependencyResolution = ResolutionScope.NONE)
public class StudiesMojo extends AbstractStorageMojo {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** Skips this goal. */
    @Parameter(property = "tuner.studies.skip", defaultValue = "false")
    private boolean skipStudies;

    /** The study to delete, with its trials and attributes (named explicitly: never the default study). */
    @Parameter(property = "tuner.delete")
    private String delete;

    /** A storage (file path or jdbc: URL) to copy {@code <study>} to; the copy must not exist there yet. */
    @Parameter(property = "tuner.copyTo")
    private String copyTo;

    /** The copy's name; {@code <study>} when not set. */
    @Parameter(property = "tuner.copyAs")
    private String copyAs;

    /** Writes {@code <study>} as {@code csv} or {@code json}. */
    @Parameter(property = "tuner.export")
    private String export;

    /** Where the export goes; {@code <outputDirectory>/<study>.csv} (or {@code .json}) when not set. */
    @Parameter(property = "tuner.exportFile")
    private File exportFile;

    /** Where an export goes when {@code exportFile} is not set. */
    @Parameter(property = "tuner.outputDirectory", defaultValue = OUTPUT_DIRECTORY)
    private File outputDirectory;

    @Override
    protected String goal() {
        return "studies";
    }

    @Override
    protected boolean skipGoal() {
        return skipStudies;
    }

    @Override
    protected void executeGoal() throws Exception {
        List<String> actions = new ArrayList<>();
        if (given(delete)) {
            actions.add("-Dtuner.delete");
        }
        if (given(copyTo)) {
            actions.add("-Dtuner.copyTo");
        }
        if (given(export)) {
            actions.add("-Dtuner.export");
        }
        if (actions.size() > 1) {
            throw new MojoFailureException("tuner:studies does one thing at a time; given: " + String.join(", ", actions));
        }
        if (given(copyAs) && !given(copyTo)) {
            throw new MojoFailureException("-Dtuner.copyAs=" + copyAs + " names a copy, but no -Dtuner.copyTo says where to copy");
        }
        StudyExport.Format format = null;
        if (given(export)) {
            format = StudyExport.Format.parse(export);
            if (format == null) {
                throw new MojoFailureException("-Dtuner.export=" + export + ": expected csv or json");
            }
        }
        try (JdbcStudyStorage from = StudyStorages.open(storage)) {
            String where = from.location();
            if (given(delete)) {
                StudyCatalog.Overview gone = StudyCatalog.delete(from, delete.strip(), where);
                getLog().info("Deleted study '" + gone.name() + "' (" + describeTrials(gone) + ") from " + where);
            } else if (given(copyTo)) {
                String name = given(copyAs) ? copyAs.strip() : study;
                try (JdbcStudyStorage to = StudyStorages.open(copyTo)) {
                    StudyCatalog.Copied copied = StudyCatalog.copy(from, study, where, to, name);
                    getLog().info("Copied study '" + study + "' from " + where + " to " + to.location()
                            + (name.equals(study) ? "" : " as '" + name + "'") + ": " + copied.trials() + " trial(s)"
                            + (copied.runningRequeued() > 0 ? ", " + copied.runningRequeued()
                            + " of them running in the source, copied as waiting (the copy's next run evaluates them)" : ""));
                }
            } else if (format != null) {
                Path file = exportFile != null ? exportFile.toPath()
                        : outputDirectory.toPath().resolve(study + "." + format.extension());
                var snapshot = StudyCatalog.require(from, study, where);
                StudyExport.write(snapshot, format, file);
                getLog().info("Exported study '" + study + "' (" + snapshot.trials().size() + " trials) to " + file);
            } else {
                list(from, where);
            }
        }
    }

    private void list(StudyStorage from, String where) {
        List<StudyCatalog.Overview> studies = StudyCatalog.list(from);
        getLog().info("Studies in " + where + ": " + studies.size());
        if (studies.isEmpty()) {
            return;
        }
        int width = studies.stream().mapToInt(s -> s.name().length()).max().orElse(0);
        for (StudyCatalog.Overview s : studies) {
            StringBuilder line = new StringBuilder();
            line.append(String.format(Locale.ROOT, "  %-" + width + "s | %s", s.name(), describeTrials(s)));
            for (StudyCatalog.Best b : s.best()) {
                line.append(" | best ").append(b.objective()).append(' ')
                        .append(String.format(Locale.ROOT, "%.4f", b.value())).append(" (#").append(b.trial()).append(')');
            }
            if (s.best().isEmpty()) {
                line.append(" | no complete trial");
            }
            line.append(" | created ").append(WHEN.format(s.created())).append(" | last used ")
                    .append(WHEN.format(s.lastUsed())).append(" UTC");
            getLog().info(line.toString());
        }
    }

    /** "25 trials: 20 complete, 3 pruned, 2 failed". */
    static String describeTrials(StudyCatalog.Overview s) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<TrialState, Integer> e : s.trialsByState().entrySet()) {
            parts.add(e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT));
        }
        return s.trials() + " trial" + (s.trials() == 1 ? "" : "s") + (parts.isEmpty() ? "" : ": " + String.join(", ", parts));
    }

    private static boolean given(String value) {
        return value != null && !value.isBlank();
    }
}
