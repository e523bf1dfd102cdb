package dev.tuner.maven;

import dev.tuner.report.HtmlReport;
import dev.tuner.report.ReportData;
import dev.tuner.storage.StudyStorage;
import dev.tuner.storage.StudyStorages;
import dev.tuner.study.StudyResult;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Rebuilds {@code target/tuner/report.html} from the study database, without running a trial: the same report
 * {@code tuner:tune} writes at its end, for a study that other machines or earlier builds ran.
 */
@Mojo(name = "report", threadSafe = true, requiresDependencyResolution = ResolutionScope.NONE)
public class ReportMojo extends AbstractStorageMojo {
    static final String FILE = "report.html";

    /** Skips this goal. */
    @Parameter(property = "tuner.report.skip", defaultValue = "false")
    private boolean skipReport;

    /** Where the report is written, and where {@code estimate.json} is read from. */
    @Parameter(property = "tuner.outputDirectory", defaultValue = OUTPUT_DIRECTORY)
    private File outputDirectory;

    @Override
    protected String goal() {
        return "report";
    }

    @Override
    protected boolean skipGoal() {
        return skipReport;
    }

    @Override
    protected void executeGoal() throws Exception {
        Path out = outputDirectory.toPath();
        ReportData data;
        try (StudyStorage storage = StudyStorages.open(this.storage)) {
            data = ReportData.load(storage, study, out.resolve("estimate.json"));
        }
        HtmlReport.write(data, out.resolve(FILE));
        getLog().info("Wrote " + out.resolve(FILE) + " (study '" + study + "', "
                + data.result().trials().size() + " trials)");
    }

    /** The report of a study that just ran ({@code tuner:tune}), with the estimate its storage or files hold. */
    static void writeReport(StudyResult result, String storageLocation, Path outputDirectory, Log log)
            throws Exception {
        Optional<String> estimate = Optional.empty();
        try (StudyStorage storage = StudyStorages.open(storageLocation)) {
            estimate = storage.studyAttribute(result.study().id(), ReportData.ESTIMATE_ATTRIBUTE);
        } catch (RuntimeException e) {
            // An in-memory database is gone once the study closed it: the report then has no stored estimate.
            log.debug("No stored estimate: " + e.getMessage());
        }
        HtmlReport.write(ReportData.of(result, estimate, outputDirectory.resolve("estimate.json")),
                outputDirectory.resolve(FILE));
        log.debug("Wrote " + outputDirectory.resolve(FILE));
    }
}
