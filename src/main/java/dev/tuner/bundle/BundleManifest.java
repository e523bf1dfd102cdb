package dev.tuner.bundle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json}, the first thing the loader reads: the format version, every other file of the bundle with
 * its size and SHA-256, and the provenance of the whole (parameters, data, git commit, plugin version, ...).
 *
 * @param formatVersion {@link #FORMAT_VERSION} when written by this plugin
 * @param files         every entry of the zip except {@code manifest.json}, sorted by path
 * @param provenance    where the bundle comes from
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BundleManifest(int formatVersion, List<FileEntry> files, Map<String, Object> provenance) {
    public static final int FORMAT_VERSION = 1;
    public static final String PATH = "manifest.json";

    /** One file of the bundle. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FileEntry(String path, long size, String sha256) {
    }
}
