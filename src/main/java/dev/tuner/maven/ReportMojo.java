package dev.tuner.maven;

import dev.tuner.config.ConfigurationException;
import dev.tuner.report.HtmlReport;
import dev.tuner.report.ReportData;
import dev.tuner.storage.StudyStorage;
import dev.tuner.storage.StudyStorages;
import dev.tuner.study.StudyResult;
import org.apache.maven.doxia.sink.Sink;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.reporting.MavenReport;
import org.apache.maven.reporting.MavenReportException;

import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Rebuilds {@code target/tuner/report.html} from the study database, without running a trial: the same report
 * {@code tuner:tune} writes at its end, for a study that other machines or earlier builds ran.
 *
 * <p>Listed under {@code <reporting>}, it is also a Maven site report: an external one, since the page is a
 * complete HTML document of its own (inline SVG and CSS) that a site skin would only break; the site links to
 * {@code tuner-report.html} under "Project Reports".
 */
@Mojo(name = "report", threadSafe = true, requiresDependencyResolution = ResolutionScope.NONE)
public class ReportMojo extends AbstractStorageMojo implements MavenReport {
    static final String FILE = "report.html";
    /** The page's name in a Maven site (without {@code .html}). */
    static final String SITE_PAGE = "tuner-report";

    /** Where the site plugin wants the page; set by it, never configured. */
    private File reportOutputDirectory;

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
        writeFromStorage(outputDirectory.toPath().resolve(FILE));
    }

    private void writeFromStorage(Path file) throws Exception {
        ReportData data;
        try (StudyStorage storage = StudyStorages.openExisting(this.storage)) {
            data = ReportData.load(storage, study, outputDirectory.toPath().resolve("estimate.json"));
        }
        HtmlReport.write(data, file);
        getLog().info("Wrote " + file + " (study '" + study + "', " + data.result().trials().size() + " trials)");
    }

    // ---- Maven site report ----

    /** The site plugin's entry point: writes the page next to the site's own, ignoring the skin's sink. */
    @Override
    public void generate(Sink sink, Locale locale) throws MavenReportException {
        try {
            writeFromStorage(getReportOutputDirectory().toPath().resolve(getOutputName() + ".html"));
        } catch (ConfigurationException e) {
            throw new MavenReportException(settingMessage(e), e);
        } catch (dev.tuner.storage.StorageException e) {
            throw new MavenReportException(oneLine(e), e);
        } catch (Exception e) {
            throw new MavenReportException("tuner:report failed: " + oneLine(e), e);
        }
    }

    @Override
    public String getOutputName() {
        return SITE_PAGE;
    }

    @Override
    public String getCategoryName() {
        return CATEGORY_PROJECT_REPORTS;
    }

    @Override
    public String getName(Locale locale) {
        return "Tuner study";
    }

    @Override
    public String getDescription(Locale locale) {
        return "The tuning study '" + study + "': optimization history, learning curves, Pareto front, parameter"
                + " importance, contour, parallel coordinates, slices, rank, distribution, pruning and timeline.";
    }

    @Override
    public void setReportOutputDirectory(File directory) {
        this.reportOutputDirectory = directory;
    }

    @Override
    public File getReportOutputDirectory() {
        return reportOutputDirectory != null ? reportOutputDirectory : outputDirectory;
    }

    @Override
    public boolean isExternalReport() {
        return true;
    }

    /** {@code tuner.skip} and {@code tuner.report.skip} leave the report out of the site. */
    @Override
    public boolean canGenerateReport() {
        return !skip && !skipReport;
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
