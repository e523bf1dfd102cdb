package dev.tuner.maven;

import org.apache.maven.plugins.annotations.Parameter;

/** The study database and the study's name: all that {@code report} and {@code best} read of the configuration. */
public abstract class AbstractStorageMojo extends AbstractTunerMojo {

    /** SQLite file or a jdbc: URL. */
    @Parameter(property = "tuner.storage", defaultValue = STORAGE)
    protected String storage;

    /** The study's name in storage. */
    @Parameter(property = "tuner.study", defaultValue = STUDY)
    protected String study;
}
