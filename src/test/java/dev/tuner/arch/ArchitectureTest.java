package dev.tuner.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The package rules of docs/architecture.md: the engine knows neither Maven nor Tribuo, only the Mojos know Maven,
 * packages form no cycle, and what an application runs to load a bundle needs none of the plugin's optional
 * dependencies.
 */
@AnalyzeClasses(packages = "dev.tuner", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Packages allowed to use Tribuo: the trainer/data adapter, the bundle (a Tribuo model inside) and the Mojos. */
    private static final String[] TRIBUO_USERS =
            {"dev.tuner.tribuo..", "dev.tuner.bundle..", "dev.tuner.maven..", "dev.tuner.tuner_maven_plugin.."};

    private static final String[] MAVEN = {"org.apache.maven..", "org.codehaus.plexus.."};

    /** The Mojos, and the help goal maven-plugin-plugin generates into a package of its own. */
    private static final String[] MAVEN_LAYER = {"dev.tuner.maven..", "dev.tuner.tuner_maven_plugin.."};

    /** The application side of a bundle (docs/bundle.md): an application depends on the plugin for these alone. */
    private static final DescribedPredicate<JavaClass> LOADER = DescribedPredicate.describe(
            "the bundle loader (BundleLoader, ModelBundle, BundleRouter, ModelReader)",
            c -> c.getPackageName().equals("dev.tuner.bundle")
                    && c.getName().matches("dev\\.tuner\\.bundle\\.(BundleLoader|ModelBundle|BundleRouter|ModelReader)(\\$.*)?"));

    /**
     * The pom's {@code <optional>} dependencies (never on an application's class path) and the plugin's own packages
     * outside the loader's: {@code bundle}, {@code features} and {@code files}.
     */
    private static final String[] PLUGIN_ONLY = {
            "org.sqlite..", "org.postgresql..", "org.apache.commons.csv..", "org.apache.commons.math3..",
            "org.codehaus.plexus..", "dev.langchain4j..", "org.tribuo.data..",
            "org.tribuo.classification.sgd..", "org.tribuo.classification.dtree..", "org.tribuo.classification.xgboost..",
            "org.tribuo.classification.liblinear..", "org.tribuo.classification.libsvm..",
            "org.tribuo.classification.mnb..", "org.tribuo.common.nearest..", "org.tribuo.common.tree..",
            "org.tribuo.common.xgboost..", "org.tribuo.common.liblinear..",
            "org.tribuo.regression.sgd..", "org.tribuo.regression.rtree..", "org.tribuo.regression.xgboost..",
            "org.tribuo.regression.libsvm..",
            "org.apache.maven..",
            "dev.tuner.space..", "dev.tuner.trial..", "dev.tuner.study..", "dev.tuner.sampler..", "dev.tuner.pruner..",
            "dev.tuner.storage..", "dev.tuner.estimate..", "dev.tuner.gate..", "dev.tuner.report..",
            "dev.tuner.tribuo..", "dev.tuner.tuning..", "dev.tuner.maven.."};

    @ArchTest
    static final ArchRule engineKnowsNeitherMavenNorTribuo = noClasses()
            .that().resideInAPackage("dev.tuner..")
            .and().resideOutsideOfPackages(TRIBUO_USERS)
            .should().dependOnClassesThat().resideInAnyPackage(concat(MAVEN, new String[] {"org.tribuo.."}))
            .because("the engine tunes any objective and runs outside Maven (docs/architecture.md)");

    @ArchTest
    static final ArchRule onlyTheMojosKnowMaven = noClasses()
            .that().resideOutsideOfPackages(MAVEN_LAYER)
            .should().dependOnClassesThat().resideInAnyPackage(MAVEN)
            .because("Mojos are thin adapters; everything else runs without Maven");

    @ArchTest
    static final ArchRule nothingUsesTheMojos = noClasses()
            .that().resideOutsideOfPackages(MAVEN_LAYER)
            .should().dependOnClassesThat().resideInAnyPackage(MAVEN_LAYER)
            .because("the Maven layer sits on top: arrows point away from it");

    @ArchTest
    static final ArchRule packagesFormNoCycle = slices().matching("dev.tuner.(*)..").should().beFreeOfCycles();

    /**
     * The one door from the loader to an optional dependency: {@code Embedders.forQueries} checks that MiniLM's
     * artifact is on the class path before it touches this class, and says which artifact to add otherwise.
     */
    private static final String GUARDED_OPTIONAL = "dev.tuner.bundle.MiniLmEmbedder";

    @ArchTest
    static final ArchRule loaderNeedsNoPluginOnlyCode = classes()
            .that(LOADER)
            .should(reachOnlyApplicationClasses())
            .because("an application inherits only the plugin's non-optional dependencies (docs/bundle.md)");

    /** Follows the loader's dependencies through the project's classes, except past {@link #GUARDED_OPTIONAL}. */
    private static ArchCondition<JavaClass> reachOnlyApplicationClasses() {
        DescribedPredicate<JavaClass> pluginOnly = JavaClass.Predicates.resideInAnyPackage(PLUGIN_ONLY);
        return new ArchCondition<>("reach no plugin-only class") {
            @Override
            public void check(JavaClass loader, ConditionEvents events) {
                Map<JavaClass, List<String>> paths = new HashMap<>();
                Deque<JavaClass> queue = new ArrayDeque<>();
                paths.put(loader, List.of(loader.getName()));
                queue.add(loader);
                while (!queue.isEmpty()) {
                    JavaClass from = queue.poll();
                    if (from.getName().equals(GUARDED_OPTIONAL)) {
                        continue;
                    }
                    for (Dependency d : from.getDirectDependenciesFromSelf()) {
                        JavaClass to = d.getTargetClass().getBaseComponentType();
                        if (paths.containsKey(to)) {
                            continue;
                        }
                        List<String> path = new ArrayList<>(paths.get(from));
                        path.add(to.getName());
                        paths.put(to, path);
                        if (pluginOnly.test(to)) {
                            events.add(SimpleConditionEvent.violated(loader, String.join(" -> ", path)
                                    + " (" + d.getDescription() + ")"));
                        } else if (to.getPackageName().startsWith("dev.tuner.")) {
                            queue.add(to);
                        }
                    }
                }
            }
        };
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
