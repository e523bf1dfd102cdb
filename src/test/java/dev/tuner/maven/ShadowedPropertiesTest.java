package dev.tuner.maven;

import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A {@code -D} property is reported when the POM's plugin configuration sets the same parameter to another value. */
class ShadowedPropertiesTest {

    @Test
    void aPomValueThatShadowsTheCommandLineIsReported() throws Exception {
        MojoDescriptor descriptor = new MojoDescriptor();
        descriptor.addParameter(parameter("trials", "${tuner.trials}"));
        descriptor.addParameter(parameter("sampler", "${tuner.sampler}"));
        descriptor.addParameter(parameter("jobs", "${tuner.jobs}"));
        descriptor.addParameter(parameter("folds", "${tuner.folds}"));
        descriptor.addParameter(parameter("dataset", null));

        // As Maven hands it to the Mojo: the POM's values, and each other parameter's own expression.
        Xpp3Dom configuration = new Xpp3Dom("configuration");
        configuration.addChild(child("trials", "60"));
        configuration.addChild(child("sampler", "${tuner.sampler}"));
        configuration.addChild(child("jobs", "2"));
        configuration.addChild(child("folds", "3"));

        Properties user = new Properties();
        user.setProperty("tuner.trials", "80");   // shadowed by <trials>60</trials>
        user.setProperty("tuner.sampler", "nsga2"); // not configured in the POM: applies
        user.setProperty("tuner.jobs", "2");      // the same value: nothing is lost
        // tuner.folds not given: nothing to report

        assertEquals(List.of("-Dtuner.trials=80 is ignored: <trials>60</trials> in the POM's plugin <configuration>"
                        + " takes precedence; set it as <properties><tuner.trials>60</tuner.trials></properties> instead"
                        + " so that the command line can override it"),
                AbstractTunerMojo.shadowedProperties(descriptor, configuration, user));
    }

    private static Parameter parameter(String name, String expression) {
        Parameter p = new Parameter();
        p.setName(name);
        p.setExpression(expression);
        return p;
    }

    private static Xpp3Dom child(String name, String value) {
        Xpp3Dom d = new Xpp3Dom(name);
        d.setValue(value);
        return d;
    }

    /** An element no goal has (a misspelled ceiling) is named with the parameters that start alike. */
    @Test
    void anElementNoGoalHasIsReported() {
        java.util.Set<String> known = java.util.Set.of("maxWallTime", "maxMemory", "trials", "dataset");
        Xpp3Dom plugin = new Xpp3Dom("configuration");
        plugin.addChild(child("maxSeconds", "5"));
        plugin.addChild(child("trials", "10"));
        Xpp3Dom execution = new Xpp3Dom("configuration");
        execution.addChild(child("Trials", "10"));
        execution.addChild(child("maxSeconds", "5"));
        execution.addChild(child("zzz", "1"));
        List<String> warnings = AbstractTunerMojo.unknownElements(known, List.of(plugin, execution));
        assertEquals(3, warnings.size(), warnings.toString());
        assertEquals("<maxSeconds> in the plugin's <configuration> is not a parameter of any tuner goal, so it has no"
                + " effect (close: <maxMemory>, <maxWallTime>); docs/configuration.md lists them",
                warnings.get(0).replace("<maxWallTime>, <maxMemory>", "<maxMemory>, <maxWallTime>"));
        assertEquals("<Trials> in the plugin's <configuration> is not a parameter of any tuner goal, so it has no"
                + " effect (close: <trials>); docs/configuration.md lists them", warnings.get(1));
        assertEquals("<zzz> in the plugin's <configuration> is not a parameter of any tuner goal, so it has no"
                + " effect; docs/configuration.md lists them", warnings.get(2));
    }

    /** A misspelling is matched by its letters, before the names that merely start alike. */
    @Test
    void aMisspeltElementIsMatchedByItsLetters() {
        java.util.Set<String> known = new java.util.TreeSet<>(List.of("trials", "trainer", "folds", "sampler",
                "seed", "storage"));
        Xpp3Dom plugin = new Xpp3Dom("configuration");
        plugin.addChild(child("trails", "5"));
        plugin.addChild(child("fold", "3"));
        plugin.addChild(child("sampeler", "tpe"));
        List<String> warnings = AbstractTunerMojo.unknownElements(known, List.of(plugin));
        assertTrue(warnings.get(0).contains("(close: <trials>, <trainer>)"), warnings.get(0));
        assertTrue(warnings.get(1).contains("(close: <folds>)"), warnings.get(1));
        assertTrue(warnings.get(2).contains("(close: <sampler>)"), warnings.get(2));
    }
}
