package dev.tuner.bundle;

import java.nio.file.Path;
import java.util.Map;

/**
 * Main class of the child JVM of {@link ApplicationSideTest}, run on an application's class path (no plugin-only
 * jar): loads the bundle {@code args[0]}, predicts one iris row and asks for the query embedder, printing one line
 * per step ({@code loaded}, {@code label=...}, {@code embedder: <message>}) or the load's failure
 * ({@code load failed: <message>}).
 */
public final class ApplicationMain {
    private ApplicationMain() {
    }

    public static void main(String[] args) {
        ModelBundle bundle;
        try {
            bundle = BundleLoader.of(Path.of(args[0])).load();
        } catch (BundleException e) {
            System.out.println("load failed: " + e.getMessage());
            return;
        }
        System.out.println("loaded");
        System.out.println("label=" + bundle.predict(Map.of("sepal_length_cm", "6.0", "sepal_width_cm", "2.9",
                "petal_length_cm", "4.5", "petal_width_cm", "1.5")).label());
        try {
            bundle.embedder();
            System.out.println("embedder: created");
        } catch (BundleException e) {
            System.out.println("embedder: " + e.getMessage());
        }
    }
}
