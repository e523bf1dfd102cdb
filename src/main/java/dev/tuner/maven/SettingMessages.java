package dev.tuner.maven;

import dev.tuner.config.ConfigurationException;
import dev.tuner.config.InvalidSettingException;
import dev.tuner.config.References;
import dev.tuner.config.Setting;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.codehaus.plexus.util.xml.Xpp3Dom;

import java.util.Properties;

/**
 * Writes the engine's configuration errors as Maven users know their settings: a setting is its XML element path
 * ({@code <stages><stage><trials>}), or the {@code -Dproperty} that gave the value when the POM leaves the
 * parameter to its property and the build was given it on the command line.
 */
final class SettingMessages {
    private final MojoDescriptor descriptor;
    private final Xpp3Dom configuration;
    private final Properties user;

    /** Any argument may be null (a Mojo built by a test harness): settings are then written as elements. */
    SettingMessages(MojoDescriptor descriptor, Xpp3Dom configuration, Properties user) {
        this.descriptor = descriptor;
        this.configuration = configuration;
        this.user = user;
    }

    /** One line: the setting, its value when known, and the problem with its references to other settings. */
    String render(ConfigurationException e) {
        StringBuilder out = new StringBuilder();
        if (e instanceof InvalidSettingException s) {
            String property = commandLineProperty(s.setting());
            if (property != null && s.value() != null) {
                out.append("-D").append(property).append('=').append(s.value());
            } else {
                out.append(element(s.setting()));
                if (s.value() != null) {
                    out.append(s.value()).append("</").append(s.setting().leaf()).append('>');
                }
            }
            out.append(": ");
        }
        for (References.Part part : References.parse(e.problem())) {
            out.append(part.setting() == null ? part.text() : element(part.setting()));
        }
        String text = out.toString();
        return text.lines().findFirst().orElse(text);
    }

    /** {@code <a><b>}. */
    static String element(Setting setting) {
        StringBuilder out = new StringBuilder();
        setting.path().forEach(name -> out.append('<').append(name).append('>'));
        return out.toString();
    }

    /**
     * The property of a top-level parameter whose value came from {@code -Dproperty}: the POM does not set the
     * element (its configuration still holds the parameter's own expression) and the user properties have it.
     */
    private String commandLineProperty(Setting setting) {
        if (setting.path().size() != 1 || descriptor == null || descriptor.getParameters() == null
                || configuration == null || user == null) {
            return null;
        }
        for (Parameter p : descriptor.getParameters()) {
            String expression = p.getExpression();
            if (!setting.top().equals(p.getName()) || expression == null || !expression.startsWith("${")
                    || !expression.endsWith("}")) {
                continue;
            }
            String property = expression.substring(2, expression.length() - 1);
            Xpp3Dom element = configuration.getChild(p.getName());
            boolean fromProperty = element == null || element.getValue() == null
                    || element.getValue().contains(expression);
            return fromProperty && user.getProperty(property) != null ? property : null;
        }
        return null;
    }
}
