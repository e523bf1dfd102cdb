package dev.tuner.bundle;

import org.apache.maven.model.Dependency;
import org.apache.maven.model.Model;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An application that depends on the plugin inherits every dependency of its POM that is neither optional nor
 * test/provided scope. DESIGN.md allows only what loading a bundle needs; a plugin-only library added without
 * {@code <optional>} would silently land on every application's class path (the IT bundle-app sees the effect).
 */
class ApplicationDependenciesTest {
    /** What BundleLoader, ModelBundle and BundleRouter need: Tribuo's core and output modules, and Jackson. */
    private static final Set<String> LOADING = Set.of("com.fasterxml.jackson.core:jackson-databind",
            "org.tribuo:tribuo-core", "org.tribuo:tribuo-classification-core", "org.tribuo:tribuo-regression-core");

    @Test
    void onlyWhatLoadingNeedsReachesAnApplication() throws Exception {
        List<String> inherited = pom().getDependencies().stream()
                .filter(d -> !d.isOptional())
                .filter(d -> d.getScope() == null || Set.of("compile", "runtime").contains(d.getScope()))
                .map(d -> d.getGroupId() + ":" + d.getArtifactId())
                .filter(coordinates -> !LOADING.contains(coordinates))
                .toList();
        assertEquals(List.of(), inherited, "plugin-only dependencies an application would inherit: mark them "
                + "<optional>true</optional>");
    }

    /**
     * OLCUT (under every Tribuo module) brings its interactive shell: JLine and Jansi, seven jars with native code
     * that loading never runs. Each Tribuo dependency an application inherits excludes them, so that whichever path
     * to OLCUT Maven keeps, they stay off the application's class path.
     */
    @Test
    void everyTribuoModuleAnApplicationInheritsLeavesOlcutsShellBehind() throws Exception {
        List<String> withShell = pom().getDependencies().stream()
                .filter(d -> d.getGroupId().equals("org.tribuo") && !d.isOptional())
                .filter(d -> d.getScope() == null || d.getScope().equals("compile"))
                .filter(d -> d.getExclusions().stream().noneMatch(e -> e.getGroupId().equals("org.jline")
                        && e.getArtifactId().equals("*"))
                        || d.getExclusions().stream().noneMatch(e -> e.getGroupId().equals("org.fusesource.jansi")))
                .map(Dependency::getArtifactId)
                .toList();
        assertEquals(List.of(), withShell, "Tribuo dependencies without the org.jline:* and jansi exclusions");
    }

    private static Model pom() throws Exception {
        try (Reader in = Files.newBufferedReader(Path.of("pom.xml"))) {
            return new MavenXpp3Reader().read(in);
        }
    }
}
